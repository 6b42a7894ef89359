/**
 * The `>cs` command language of web1on1 (003), pure: `parseCommand` reads a message's text into a
 * typed command or a clear error, `applyCommand` works out the conversation details it leads to
 * and the one-line result agents see (`Field brand set to "Toyota"`). Nothing here stores or
 * sends; the message service writes the result and the change in one transaction.
 *
 *   .field value          contact profile or form field (`.location a#b` included)
 *   +formId               activate a form
 *   /set @category Value  the conversation's category
 *   /set name value       a conversation meta variable
 *   /assign id            assign to a user or bot
 *   /notify id, /notify   notify an inbox, or every organisation
 *   @id text              mention a user or bot
 */
import type { ConversationDetails } from '../../src/protocol/frames.js';

/** What a message starts with to be a command rather than chat text (as the widget decides). */
export const COMMAND_PREFIX = '>cs';

export type ChatCommand =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'form'; formId: string }
  | { kind: 'category'; value: string }
  | { kind: 'meta'; name: string; value: string }
  | { kind: 'assign'; id: string }
  | { kind: 'notify'; inbox: string | null }
  | { kind: 'mention'; id: string; text: string };

export type ParsedCommand = { ok: true; command: ChatCommand } | { ok: false; error: string };

export interface AppliedCommand {
  details: ConversationDetails;
  /** What agents read in the transcript. */
  result: string;
}

/** Details stay small enough to travel in every chat.state: the oldest entries go first. */
export const MAX_DETAIL_ENTRIES = 100;

/** Field and variable names: letters, digits, `_`, `-`, `.`, starting with a letter or digit. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** Form, user, bot and inbox ids. */
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
const MAX_VALUE_LENGTH = 1000;

/** Whether the text is a command (leading blanks ignored, as the widget does). */
export function isCommandText(text: string): boolean {
  return text.trimStart().startsWith(COMMAND_PREFIX);
}

const fail = (error: string): ParsedCommand => ({ ok: false, error });
const ok = (command: ChatCommand): ParsedCommand => ({ ok: true, command });

/** Splits off the first word: `["/set", "isLead yes"]`. */
function head(text: string): [string, string] {
  const match = /^(\S*)\s*([\s\S]*)$/.exec(text);
  return [match?.[1] ?? '', (match?.[2] ?? '').trim()];
}

function valueError(value: string, what: string, example: string): string | null {
  if (value === '') return `${what} needs a value: ">cs ${example}".`;
  if (value.length > MAX_VALUE_LENGTH)
    return `${what}: values may be at most ${MAX_VALUE_LENGTH} characters.`;
  return null;
}

/** Reads a `>cs …` text. Never throws: anything unreadable is an error message for the sender. */
export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed.startsWith(COMMAND_PREFIX)) return fail(`A command starts with "${COMMAND_PREFIX}".`);
  const body = trimmed.slice(COMMAND_PREFIX.length).trim();
  if (body === '') return fail('Empty command: write one after ">cs", e.g. ">cs .brand Toyota".');

  const sigil = body[0];
  const [word, rest] = head(body.slice(1));
  switch (sigil) {
    case '.': {
      if (word === '') return fail('A field needs a name and a value: ">cs .field value".');
      if (!NAME.test(word))
        return fail(`"${clip(word)}" is no field name: use letters, digits, "_", "-" or ".".`);
      const error = valueError(rest, `Field "${word}"`, `.${word} value`);
      return error ? fail(error) : ok({ kind: 'field', name: word, value: rest });
    }
    case '+': {
      if (word === '') return fail('A form needs its id: ">cs +formId".');
      if (rest !== '') return fail('Give one form id and nothing else: ">cs +formId".');
      if (!ID.test(word)) return fail(`"${clip(word)}" is no form id.`);
      return ok({ kind: 'form', formId: word });
    }
    case '@': {
      if (word === '') return fail('A mention needs an id and a text: ">cs @id text".');
      if (!ID.test(word)) return fail(`"${clip(word)}" is no user or bot id.`);
      const error = valueError(rest, `The mention of ${word}`, `@${word} text`);
      return error ? fail(error) : ok({ kind: 'mention', id: word, text: rest });
    }
    case '/':
      return parseSlash(word, rest);
    default:
      return fail(
        `Unknown command "${clip(head(body)[0])}": commands are ".field value", "+formId", "/set", "/assign", "/notify" and "@id text".`,
      );
  }
}

function parseSlash(name: string, rest: string): ParsedCommand {
  switch (name) {
    case 'set': {
      if (rest === '') return fail('Set what? ">cs /set @category Value" or ">cs /set name value".');
      const [target, value] = head(rest);
      if (target.startsWith('@')) {
        if (target !== '@category')
          return fail(
            `Only @category can be set with "@" (not "${clip(target)}"); variables are ">cs /set name value".`,
          );
        const error = valueError(value, 'The category', '/set @category Value');
        return error ? fail(error) : ok({ kind: 'category', value });
      }
      if (!NAME.test(target))
        return fail(`"${clip(target)}" is no variable name: use letters, digits, "_", "-" or ".".`);
      const error = valueError(value, `Variable "${target}"`, `/set ${target} value`);
      return error ? fail(error) : ok({ kind: 'meta', name: target, value });
    }
    case 'assign': {
      if (rest === '') return fail('Assign to whom? ">cs /assign id".');
      if (/\s/.test(rest)) return fail('Give one id: ">cs /assign id".');
      if (!ID.test(rest)) return fail(`"${clip(rest)}" is no user or bot id.`);
      return ok({ kind: 'assign', id: rest });
    }
    case 'notify': {
      if (rest === '') return ok({ kind: 'notify', inbox: null });
      if (/\s/.test(rest))
        return fail('Give one inbox id, or none to notify every organisation: ">cs /notify id".');
      if (!ID.test(rest)) return fail(`"${clip(rest)}" is no inbox id.`);
      return ok({ kind: 'notify', inbox: rest });
    }
    case '':
      return fail('A "/" needs a command: /set, /assign or /notify.');
    default:
      return fail(`Unknown command "/${clip(name)}": use /set, /assign or /notify.`);
  }
}

/** Keeps what is echoed back short. */
function clip(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** Adds a key unless the record is full; a key already there is just overwritten. */
function withEntry(
  record: Record<string, string>,
  key: string,
  value: string,
  what: string,
): Record<string, string> | string {
  if (!Object.hasOwn(record, key) && Object.keys(record).length >= MAX_DETAIL_ENTRIES)
    return `At most ${MAX_DETAIL_ENTRIES} ${what} per conversation.`;
  return { ...record, [key]: value };
}

const newest = <T>(list: T[]): T[] => list.slice(-MAX_DETAIL_ENTRIES);

/**
 * The details after the command, and its result line; an error message when the command cannot
 * apply (a full list). `assigneeName` names an assignee who is an agent of the org.
 */
export function applyCommand(
  details: ConversationDetails,
  command: ChatCommand,
  at: string,
  assigneeName: string | null = null,
): AppliedCommand | { error: string } {
  switch (command.kind) {
    case 'field': {
      const fields = withEntry(details.fields, command.name, command.value, 'fields');
      if (typeof fields === 'string') return { error: fields };
      return { details: { ...details, fields }, result: `Field ${command.name} set to "${command.value}"` };
    }
    case 'form': {
      if (details.forms.includes(command.formId))
        return { details, result: `Form ${command.formId} is active` };
      if (details.forms.length >= MAX_DETAIL_ENTRIES)
        return { error: `At most ${MAX_DETAIL_ENTRIES} forms per conversation.` };
      return {
        details: { ...details, forms: [...details.forms, command.formId] },
        result: `Form ${command.formId} activated`,
      };
    }
    case 'category':
      return {
        details: { ...details, category: command.value },
        result: `Category set to "${command.value}"`,
      };
    case 'meta': {
      const meta = withEntry(details.meta, command.name, command.value, 'variables');
      if (typeof meta === 'string') return { error: meta };
      return { details: { ...details, meta }, result: `Variable ${command.name} set to "${command.value}"` };
    }
    case 'assign':
      return {
        details: { ...details, assignedTo: command.id },
        result: `Assigned to ${assigneeName ?? command.id}`,
      };
    case 'notify':
      return {
        details: {
          ...details,
          notifications: newest([...details.notifications, { inbox: command.inbox, at }]),
        },
        result: command.inbox === null ? 'Notified every organisation' : `Notified inbox ${command.inbox}`,
      };
    case 'mention':
      return {
        details: {
          ...details,
          mentions: newest([...details.mentions, { id: command.id, text: command.text, at }]),
        },
        result: `Mentioned ${command.id}: ${command.text}`,
      };
  }
}

/** A conversation's details before any command. */
export function emptyDetails(): ConversationDetails {
  return {
    fields: {},
    forms: [],
    category: null,
    meta: {},
    assignedTo: null,
    notifications: [],
    mentions: [],
  };
}
