/**
 * `feedwright`: the editor's command line, a client of the HTTP API (local by
 * default, or a deployed stack with --url). Every command has --help; every
 * error the API returns is shown with its fields.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Api, CliError } from './api.js';
import { ARTICLE_EXTENSIONS, type ArticleRequest, articleRequest, FileFormatError } from './files.js';
import { importFeedFile } from './import-feed.js';
import { bar, type Output } from './output.js';

const DEFAULT_URL = 'http://localhost:3000';

const GLOBAL_HELP = `Options for every command:
  --url <url>     the site (default $FEEDWRIGHT_URL or ${DEFAULT_URL})
  --key <key>     the editor key (default $FEEDWRIGHT_KEY, then $EDITOR_API_KEY)
  --json          print the API's JSON instead of a summary
  -h, --help      show help`;

const COMMANDS: Record<string, { usage: string; about: string }> = {
  post: {
    usage: 'feedwright post <file> [--draft] [--dry-run] [--id <id>] [--idempotency-key <key>]',
    about: 'create an article from a .json, .md (front matter), .txt or .html file',
  },
  update: {
    usage: 'feedwright update <id> <file> [--minor] [--if-match <version>]',
    about: 'replace an article (PUT) from a file',
  },
  delete: {
    usage: 'feedwright delete <id> [--if-match <version>]',
    about: 'remove an article from every feed and page',
  },
  get: { usage: 'feedwright get <id>', about: 'show one article (drafts too)' },
  preview: {
    usage: 'feedwright preview <id> [--out <file.html>]',
    about: "an article's page as readers will see it (drafts and scheduled ones too), to open in a browser",
  },
  list: {
    usage: 'feedwright list [--limit <n>] [--category <name>] [--all] [--drafts | --scheduled]',
    about: 'list the newest published articles, or your drafts or scheduled articles',
  },
  import: {
    usage: 'feedwright import <folder> [--concurrency <n>] [--draft]',
    about: 'post every article file in a folder, with progress and a summary',
  },
  'import-feed': {
    usage: 'feedwright import-feed <file> [--update] [--dry-run] [--old-base <url>]',
    about: "move a site in from its feed (RSS, Atom, JSON Feed) or WordPress export, keeping every item's id",
  },
  keys: {
    usage: 'feedwright keys create <name> | keys list | keys revoke <id>',
    about: 'manage editor keys',
  },
  audit: {
    usage: 'feedwright audit [--subject <id>] [--limit <n>]',
    about: 'who changed what, newest first',
  },
};

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.about}`);
  return `feedwright: publish articles to a feedwright site

Usage: feedwright <command> [options]

Commands:
${lines.join('\n')}

${GLOBAL_HELP}

Run "feedwright <command> --help" for a command's options.`;
}

function commandHelp(name: string): string {
  const c = COMMANDS[name] as { usage: string; about: string };
  return `${c.about}\n\nUsage: ${c.usage}\n\n${GLOBAL_HELP}`;
}

/** Fields of a previewed article, as the input that creates it. */
function asInput(article: Record<string, unknown>): Record<string, unknown> {
  const keep = ['title', 'contentHtml', 'summary', 'authors', 'categories', 'image', 'source', 'publishedAt'];
  return Object.fromEntries(
    keep.filter((k) => article[k] !== undefined && article[k] !== null).map((k) => [k, article[k]]),
  );
}

async function articleBody(
  api: Api,
  file: string,
  overrides: Record<string, unknown>,
): Promise<ArticleRequest> {
  let request: ArticleRequest;
  try {
    request = await articleRequest(file, overrides);
  } catch (error) {
    if (error instanceof FileFormatError) throw new CliError(`${file}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${file}: no such file`);
    throw error;
  }
  if (request.contentType.startsWith('application/json') || Object.keys(overrides).length === 0)
    return request;
  // A raw page with options: let the server extract it, then send the result with the options.
  const preview = await api.request('POST', '/api/articles?dryRun=true', { body: request });
  return {
    contentType: 'application/json',
    body: JSON.stringify({ ...asInput(preview.json ?? {}), ...overrides }),
  };
}

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function summary(article: Record<string, unknown>): string {
  return `${article.id} (version ${article.version}, ${article.status}) ${article.url}`;
}

/** Runs one command line; resolves to the exit code. */
export async function run(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Output,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(mainHelp());
    return command === undefined ? 2 : 0;
  }
  if (!(command in COMMANDS)) {
    io.err(`Unknown command "${command}".\n\n${mainHelp()}`);
    return 2;
  }
  const options = {
    ...GLOBAL_OPTIONS,
    draft: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    id: { type: 'string' },
    'idempotency-key': { type: 'string' },
    minor: { type: 'boolean' },
    'if-match': { type: 'string' },
    limit: { type: 'string' },
    category: { type: 'string' },
    all: { type: 'boolean' },
    drafts: { type: 'boolean' },
    scheduled: { type: 'boolean' },
    concurrency: { type: 'string' },
    subject: { type: 'string' },
    out: { type: 'string' },
    update: { type: 'boolean' },
    'old-base': { type: 'string' },
  } as const;
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(commandHelp(command));
    return 0;
  }
  const api = new Api(
    values.url ?? env.FEEDWRIGHT_URL ?? DEFAULT_URL,
    values.key ?? env.FEEDWRIGHT_KEY ?? env.EDITOR_API_KEY,
  );
  const need = (count: number) => {
    if (positionals.length !== count) throw new CliError(`Usage: ${COMMANDS[command]?.usage}`, 2);
  };
  const ifMatch: Record<string, string> =
    values['if-match'] === undefined ? {} : { 'if-match': `"${values['if-match']}"` };
  const print = (json: unknown, text: string) =>
    io.out(values.json === true ? JSON.stringify(json, null, 2) : text);

  try {
    switch (command) {
      case 'post': {
        need(1);
        const overrides = {
          ...(values.draft === true ? { status: 'draft' } : {}),
          ...(values.id === undefined ? {} : { id: values.id }),
        };
        const body = await articleBody(api, positionals[0] as string, overrides);
        const query = values['dry-run'] === true ? '?dryRun=true' : '';
        const headers: Record<string, string> =
          values['idempotency-key'] === undefined ? {} : { 'idempotency-key': values['idempotency-key'] };
        const res = await api.request('POST', `/api/articles${query}`, { body, headers });
        print(
          res.json,
          `${values['dry-run'] === true ? 'Would create' : 'Created'} ${summary(res.json ?? {})}`,
        );
        return 0;
      }
      case 'update': {
        need(2);
        const body = await articleBody(
          api,
          positionals[1] as string,
          values.minor === true ? { minorEdit: true } : {},
        );
        const res = await api.request(
          'PUT',
          `/api/articles/${encodeURIComponent(positionals[0] as string)}`,
          { body, headers: ifMatch },
        );
        print(res.json, `${res.status === 201 ? 'Created' : 'Updated'} ${summary(res.json ?? {})}`);
        return 0;
      }
      case 'delete': {
        need(1);
        await api.request('DELETE', `/api/articles/${encodeURIComponent(positionals[0] as string)}`, {
          headers: ifMatch,
        });
        print({ deleted: positionals[0] }, `Deleted ${positionals[0]}`);
        return 0;
      }
      case 'get': {
        need(1);
        const res = await api.request('GET', `/api/articles/${encodeURIComponent(positionals[0] as string)}`);
        print(res.json, `${summary(res.json ?? {})}\n${res.json?.title}\n\n${res.json?.summary}`);
        return 0;
      }
      case 'preview': {
        need(1);
        const id = positionals[0] as string;
        const res = await api.request('GET', `/api/articles/${encodeURIComponent(id)}/preview`);
        if (values.out === undefined) io.out(res.text);
        else {
          await writeFile(values.out, res.text);
          io.out(`Preview of ${id} written to ${values.out}; open it in a browser.`);
        }
        return 0;
      }
      case 'list': {
        need(0);
        // Drafts and scheduled articles are the editors' desk (a key needed); the rest is public.
        const status = values.drafts === true ? 'draft' : values.scheduled === true ? 'scheduled' : null;
        if (status !== null && values.category !== undefined)
          throw new CliError(
            '--category lists published articles; leave it out with --drafts or --scheduled.',
            2,
          );
        const items: Array<Record<string, unknown>> = [];
        let cursor: string | null = null;
        do {
          const query = new URLSearchParams({ limit: values.limit ?? '20' });
          if (status !== null) query.set('status', status);
          if (values.category !== undefined) query.set('category', values.category);
          if (cursor !== null) query.set('cursor', cursor);
          const res =
            status === null
              ? await api.request('GET', `/api/latest?${query}`, { auth: false })
              : await api.request('GET', `/api/articles?${query}`);
          items.push(...((res.json?.items as Array<Record<string, unknown>>) ?? []));
          cursor = values.all === true ? ((res.json?.nextCursor as string | null) ?? null) : null;
        } while (cursor !== null);
        // A draft is dated by its last edit; a scheduled article by when it goes out.
        const when = (a: Record<string, unknown>) =>
          status === 'draft'
            ? `edited ${String(a.updatedAt).slice(0, 16)}`
            : String(a.publishedAt).slice(0, status === null ? 10 : 16);
        print(items, items.map((a) => `${when(a)}  ${a.id}  ${a.title}`).join('\n') || 'No articles.');
        return 0;
      }
      case 'keys': {
        const [action, arg] = positionals;
        if (action === 'create' && arg !== undefined) {
          const res = await api.request('POST', '/api/keys', {
            body: { contentType: 'application/json', body: JSON.stringify({ name: arg }) },
          });
          print(
            res.json,
            `Key ${res.json?.id} for ${res.json?.name} (shown this once; only its hash is stored):\n  ${res.json?.key}`,
          );
          return 0;
        }
        if (action === 'list' && arg === undefined) {
          const res = await api.request('GET', '/api/keys');
          const rows = ((res.json?.items as Array<Record<string, unknown>>) ?? []).map(
            (k) =>
              `${k.id}  ${String(k.name).padEnd(16)} created ${k.createdAt}  last used ${k.lastUsedAt ?? 'never'}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`,
          );
          print(res.json, rows.join('\n') || 'No stored keys.');
          return 0;
        }
        if (action === 'revoke' && arg !== undefined) {
          const res = await api.request('DELETE', `/api/keys/${encodeURIComponent(arg)}`);
          print(res.json, `Revoked ${res.json?.id} (${res.json?.name})`);
          return 0;
        }
        throw new CliError(`Usage: ${COMMANDS.keys?.usage}`, 2);
      }
      case 'audit': {
        need(0);
        const query = new URLSearchParams({ limit: values.limit ?? '50' });
        if (values.subject !== undefined) query.set('subject', values.subject);
        const res = await api.request('GET', `/api/audit?${query}`);
        const rows = ((res.json?.items as Array<Record<string, unknown>>) ?? []).map(
          (e) =>
            `${e.at}  ${String(e.editor).padEnd(16)} ${String(e.action).padEnd(10)} ${e.subject}${e.version === undefined ? '' : ` v${e.version}`}`,
        );
        print(res.json, rows.join('\n') || 'Nothing recorded yet.');
        return 0;
      }
      case 'import-feed':
        need(1);
        return await importFeedFile(
          api,
          positionals[0] as string,
          {
            update: values.update === true,
            dryRun: values['dry-run'] === true,
            oldBase: values['old-base'],
            json: values.json === true,
          },
          io,
        );
      case 'import':
        need(1);
        return await importFolder(
          api,
          positionals[0] as string,
          Number(values.concurrency ?? '4'),
          values.draft === true,
          io,
        );
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
  return 0;
}

async function articleFiles(folder: string): Promise<string[]> {
  const info = await stat(folder).catch(() => null);
  if (info === null || !info.isDirectory()) throw new CliError(`${folder}: not a folder`, 2);
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && ARTICLE_EXTENSIONS.includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files.sort();
}

/** Posts every article file of a folder, a few at a time, with a progress bar and a summary. */
async function importFolder(
  api: Api,
  folder: string,
  concurrency: number,
  draft: boolean,
  io: Output,
): Promise<number> {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new CliError('--concurrency must be 1 to 32', 2);
  const files = await articleFiles(folder);
  const created: string[] = [];
  const failed: Array<{ file: string; reason: string }> = [];
  let next = 0;
  let done = 0;
  const progress = () => {
    if (io.tty) io.err(`\r${bar(done, files.length)}`);
    else if (done === files.length || done % 10 === 0) io.err(bar(done, files.length));
  };
  progress();
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      try {
        const body = await articleBody(api, file, draft ? { status: 'draft' } : {});
        const res = await api.request('POST', '/api/articles', { body });
        created.push(String(res.json?.id));
      } catch (error) {
        failed.push({
          file: relative(folder, file),
          reason: error instanceof CliError ? error.message.split('\n').join(' ') : (error as Error).message,
        });
      }
      done++;
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(files.length, 1)) }, worker));
  if (io.tty) io.err('\n');
  io.out(`Imported ${files.length} file(s): ${created.length} created, ${failed.length} failed.`);
  for (const f of failed) io.out(`  ${f.file}: ${f.reason}`);
  return failed.length === 0 ? 0 : 1;
}
