/**
 * Names that look like another name are refused: a catalog called `prod\u200b` (with a zero-width
 * space) or `prоd` (with a Cyrillic о) is shown exactly like `prod` in every UI and log, so a clone
 * written "into prod" could land in a look-alike, or a look-alike could be taken for the real one.
 * Unity Catalog accepts such names; we refuse them in arguments, where a typo or a pasted string
 * would otherwise create one.
 *
 * Refused:
 *  - invisible characters: Unicode format characters (zero-width space/joiners, bidi controls, BOM,
 *    soft hyphen, …), default-ignorable code points (variation selectors, Hangul fillers, …), blank
 *    look-alikes (braille blank), private-use, unassigned and lone-surrogate code points;
 *  - compatibility forms that normalise to other letters (full-width `ｐｒｏｄ`, ligature `ﬁ`,
 *    superscripts): the name must equal its NFKC form;
 *  - decomposed accents (`e` + U+0301 instead of `é`): the name must equal its NFC form;
 *  - letters of more than one of the Latin, Greek and Cyrillic scripts in one name (the scripts whose
 *    letters are homoglyphs of each other), as in UTS #39's "highly restrictive" profile.
 * Not refused: any single script, digits, `_`, `-` and other visible punctuation Unity Catalog allows.
 */

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Cn}\p{Cs}\u2800\u3164\uFFA0\u115F\u1160]/u;

/** Names of the invisible characters most often met in pasted text (the rest are shown by code point only). */
const CHARACTER_NAMES: Record<number, string> = {
  0x00ad: "SOFT HYPHEN",
  0x034f: "COMBINING GRAPHEME JOINER",
  0x061c: "ARABIC LETTER MARK",
  0x180e: "MONGOLIAN VOWEL SEPARATOR",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2060: "WORD JOINER",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0x2800: "BRAILLE PATTERN BLANK",
  0x3164: "HANGUL FILLER",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE (BOM)",
};

const SCRIPTS: [name: string, re: RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
];

/** `U+200B ZERO WIDTH SPACE`. */
function describeCodePoint(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return CHARACTER_NAMES[cp] ? `${hex} ${CHARACTER_NAMES[cp]}` : hex;
}

/** The name as a JSON string with every non-ASCII or invisible character escaped, so the reader sees what is there: `"prod\u200b"`. */
export function visibleText(name: string): string {
  let out = "";
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f && ch !== '"' && ch !== "\\") out += ch;
    else if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\u{${cp.toString(16)}}`;
  }
  return `"${out}"`;
}

/**
 * Why `name` could be mistaken for another name, or undefined when it cannot. The message starts
 * with the name (escaped) and ends with what to do.
 */
export function ambiguousNameProblem(name: string): string | undefined {
  let position = 0;
  for (const ch of name) {
    position++;
    if (INVISIBLE.test(ch)) {
      return `${visibleText(name)} contains the invisible character ${describeCodePoint(ch.codePointAt(0)!)} at position ${position}, so it would look identical to a different name; retype the name without it.`;
    }
  }
  const nfkc = name.normalize("NFKC");
  if (nfkc !== name.normalize("NFC")) {
    return `${visibleText(name)} contains compatibility characters (full-width letters, ligatures, superscripts, …) that look like ${visibleText(nfkc)}; write ${visibleText(nfkc)} instead.`;
  }
  if (name !== name.normalize("NFC")) {
    return `${visibleText(name)} is not in Unicode NFC form (a letter followed by a separate combining accent); write the composed form ${visibleText(name.normalize("NFC"))}.`;
  }
  let first: { script: string; ch: string } | undefined;
  for (const ch of name) {
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0];
    if (script === undefined) continue;
    if (first === undefined) first = { script, ch };
    else if (script !== first.script) {
      return `${visibleText(name)} mixes ${first.script} and ${script} letters (${describeCodePoint(ch.codePointAt(0)!)} is ${script}), which look alike; write the name in one script.`;
    }
  }
  return undefined;
}
