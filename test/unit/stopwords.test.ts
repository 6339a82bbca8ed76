/** Prose is full of its language's function words; glued labels and lists of names are not. */
import { describe, expect, it } from 'vitest';
import { stopWordDensity, stopWordsFor } from '../../functions/core/extract/stopwords.js';
import { extractText } from '../../functions/core/extract/text.js';

describe('stop words', () => {
  it('finds the language a story is in, and none for a script we have no list for', () => {
    const pt = stopWordsFor([
      'A equipe do serviço registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade.',
    ]);
    expect(pt?.has('não')).toBe(true);
    expect(stopWordsFor(['북한이 오늘 새로운 미사일을 발사했다고 합동참모본부가 밝혔다.'])).toBeNull();
    const en = stopWordsFor(['The harbour board voted on Tuesday to rebuild the north quay.']) as Set<string>;
    expect(
      stopWordDensity('The harbour board voted on Tuesday to rebuild the north quay.', en),
    ).toBeGreaterThan(0.2);
    expect(
      stopWordDensity(
        'Company TownTelevisionBusinessEntertainment Arts Meg James Reporter Sections Video Podcasts',
        en,
      ),
    ).toBe(0);
  });

  it('lets a glued run of labels neither make nor join the story, in any of our languages', () => {
    const story = [
      'A equipe do Serviço de Atendimento Domiciliar registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade.',
      'Segundo a coordenação, os carros estavam estacionados no pátio e os vidros foram quebrados durante a madrugada.',
    ];
    const copied = [
      'Arrombamento em dois veículos',
      story[0],
      'adote um amigo agua alerta ambiente amizade atendimento atirador bem-estar biblioteca caminhada campanha capacitacao capacitação carnaval civil cmdca comdema conselho cultura defesa esporte',
      story[1],
    ].join('\n\n');
    const html = extractText(copied).contentHtml ?? '';
    expect(html).toContain('pátio');
    expect(html).not.toContain('biblioteca');
  });
});
