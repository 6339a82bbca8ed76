/**
 * The commonest function words of the languages copied pages most often
 * come in: prose is full of them, boilerplate (lists of names, links,
 * labels glued together) has few. jusText classifies paragraphs the same way.
 */
const LISTS: Record<string, string> = {
  en: 'a about after all also an and any are as at be because been before but by can could did do does for from had has have he her his how i if in into is it its just more most my new no not now of on one only or other our out over she so some than that the their them then there these they this those through to under up was we were what when where which while who will with would you your',
  pt: 'a ao aos as até com como da das de dele do dos e ela ele eles em entre era essa esse esta este foi for há isso já mais mas me mesmo muito na nas não no nos nós o os ou para pela pelo por qual quando que se sem ser seu sua são também tem um uma à às é',
  es: 'a al algo como con cuando de del desde donde el ella en entre era es esa ese esta este están fue ha hay la las le lo los más me muy no nos o para pero por que se sin sobre son su sus también un una y ya él',
  fr: 'a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui mais me même ne nous on ont ou par pas plus pour qu que qui sa se ses son sont sur un une vous y à été',
  de: 'als am an auch auf aus bei bis das dass dem den der des die doch durch ein eine einem einen einer es für hat hatte ich ihr im in ist kann mit nach nicht noch nur oder sein sich sie sind so um und uns von vor war wie wir wird zu zum zur über',
  it: 'a al alla anche che chi come con da dal del della delle di e è gli ha i il in la le lo ma mi nel nella non per più se si sono su sua suo tra un una',
  nl: 'aan al als bij dan dat de deze die dit door een en er het hij hoe in is je maar met naar niet nog of om ook op over te tot uit van voor was wat we wel werd worden zich zijn',
};

const SETS = Object.fromEntries(
  Object.entries(LISTS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}']+/gu) ?? [];

/** The stop words of the language the texts are most likely in, or null when none of ours fits. */
export function stopWordsFor(texts: readonly string[]): Set<string> | null {
  const words = texts.flatMap(wordsOf);
  if (words.length === 0) return null;
  let best: { set: Set<string>; share: number } | null = null;
  for (const set of Object.values(SETS)) {
    const share = words.filter((w) => set.has(w)).length / words.length;
    if (best === null || share > best.share) best = { set, share };
  }
  // Below this, the page is in a language we have no list for.
  return best !== null && best.share >= 0.2 ? best.set : null;
}

/** The share of a text's words that are stop words. */
export function stopWordDensity(text: string, stopWords: Set<string>): number {
  const words = wordsOf(text);
  return words.length === 0 ? 0 : words.filter((w) => stopWords.has(w)).length / words.length;
}
