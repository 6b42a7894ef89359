/**
 * Agent profile photos until agents upload real ones: the agent's initials on a circle whose
 * colour is derived from its id, so each agent keeps its colour everywhere.
 */
import { createHash } from 'node:crypto';

// Deep enough for white text to pass WCAG AA contrast on each of them.
const PALETTE = [
  '#1d4ed8',
  '#7c3aed',
  '#be185d',
  '#b91c1c',
  '#b45309',
  '#047857',
  '#0f766e',
  '#4338ca',
  '#a21caf',
  '#15803d',
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Björn Lind" → "BL", "Chen" → "C". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words.at(-1) ?? '') : '';
  const letter = (word: string): string => (Array.from(word)[0] ?? '').toLocaleUpperCase();
  return `${letter(first)}${letter(last)}` || '?';
}

export function colourFor(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  return PALETTE[digest.readUInt32BE(0) % PALETTE.length] ?? '#1d4ed8';
}

export function avatarSvg(name: string, key: string): string {
  const label = escapeXml(initials(name));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" aria-label="${escapeXml(name)}">
  <circle cx="64" cy="64" r="64" fill="${colourFor(key)}"/>
  <text x="64" y="64" dy="0.35em" text-anchor="middle" fill="#ffffff" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="52" font-weight="600">${label}</text>
</svg>
`;
}
