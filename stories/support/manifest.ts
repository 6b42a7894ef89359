/**
 * What the stories read from custom-elements.json: an element's declaration, and which of its
 * properties an attribute reflects, so that a control sets what an HTML author would write.
 */
import manifest from '../../custom-elements.json';

interface Member {
  kind: string;
  name: string;
  static?: boolean;
  readonly?: boolean;
  privacy?: string;
  attribute?: string;
  type?: { text?: string };
}
interface Declaration {
  tagName?: string;
  members?: Member[];
  attributes?: { name: string; fieldName?: string }[];
  events?: { name?: string }[];
}

export const customElements: unknown = manifest;

const declarations = (manifest as { modules: { declarations?: Declaration[] }[] }).modules.flatMap(
  (module) => module.declarations ?? [],
);

export function declarationOf(tag: string): Declaration | undefined {
  return declarations.find((declaration) => declaration.tagName === tag);
}

/** The attribute that sets property `name` of `tag`, if any. */
export function attributeOf(tag: string, name: string): string | undefined {
  const declaration = declarationOf(tag);
  return (
    declaration?.attributes?.find((attribute) => attribute.fieldName === name || attribute.name === name)
      ?.name ?? declaration?.members?.find((member) => member.name === name)?.attribute
  );
}

/** Whether `tag` has a public instance property `name`. */
export function hasProperty(tag: string, name: string): boolean {
  return !!declarationOf(tag)?.members?.some(
    (member) => member.kind === 'field' && !member.static && member.name === name,
  );
}

/** `onQueueIsOpen` → `queue-is-open` when the element fires that event. */
export function eventOf(tag: string, argName: string): string | undefined {
  if (!/^on[A-Z]/.test(argName)) return undefined;
  const kebab = argName
    .slice(2)
    .replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
    .slice(1);
  return declarationOf(tag)?.events?.find((event) => event.name === kebab)?.name;
}

/** Whether a member is no control's business: private, protected, static or read-only. */
export function isInternal(member: Member): boolean {
  return (
    !!member.static || !!member.readonly || member.privacy === 'private' || member.privacy === 'protected'
  );
}

/** `'a' | 'b'` (or `'a' | 'b' | null`) → `['a', 'b']`; null for any other type. */
export function literalOptions(typeText: string | undefined): string[] | null {
  if (!typeText) return null;
  const parts = typeText
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== 'null' && part !== 'undefined');
  const literal = /^'([^']*)'$|^"([^"]*)"$/;
  if (parts.length < 2 || !parts.every((part) => literal.test(part))) return null;
  return parts.map((part) => part.slice(1, -1));
}
