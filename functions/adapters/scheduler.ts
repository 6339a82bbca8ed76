/**
 * Scheduled publication on AWS: one one-time EventBridge Scheduler schedule
 * per scheduled article, created or moved by ingest, deleted after it fires,
 * that invokes the publish function with the article's id.
 */
import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { PublishScheduler } from '../core/ports.js';

/** What a schedule sends the publish function. */
export interface ScheduledPublish {
  source: 'feedwright.schedule';
  articleId: string;
}

export interface EventBridgeSchedulerOptions {
  groupName: string;
  /** The role EventBridge Scheduler assumes to invoke the publish function. */
  roleArn: string;
  publishFunctionArn: string;
}

/** Schedule names allow 64 characters of [0-9A-Za-z-_.]: a readable prefix and a hash keep ids unique. */
export function scheduleName(id: string): string {
  return `${id.slice(0, 40)}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

/**
 * `at()` takes a UTC date-time without zone or fraction. The time is rounded up
 * to the whole second: cut down, a wake-up would come before publishedAt and
 * find the article not yet due.
 */
export function atExpression(at: Date): string {
  const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return `at(${second.toISOString().slice(0, 19)})`;
}

export class EventBridgeScheduler implements PublishScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
  ) {}

  async schedule(id: string, at: Date): Promise<void> {
    const input: CreateScheduleCommandInput = {
      Name: scheduleName(id),
      GroupName: this.options.groupName,
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: this.options.publishFunctionArn,
        RoleArn: this.options.roleArn,
        Input: JSON.stringify({ source: 'feedwright.schedule', articleId: id } satisfies ScheduledPublish),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
      },
    };
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(id), GroupName: this.options.groupName }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
