import { createRequire } from "node:module";
import type { Socket } from "node:net";

// ldapjs 3 ships no type declarations, and @types/ldapjs describes the 2.x API (whose request and
// filter objects differ), so the few shapes this daemon touches are declared here and the
// modules loaded untyped. Everything else of ldapjs stays out of sight.

const require = createRequire(import.meta.url);

export type LdapDnObject = { length: number; rdnAt(index: number): LdapRdnObject; toString(): string };
export type LdapRdnObject = { keys(): IterableIterator<string>; getValue(name: string): unknown };

/** A filter as @ldapjs/filter parses it (ldapjs 3). */
export type LdapFilter = {
  type: string;
  attribute?: string;
  value?: unknown;
  initial?: string | null;
  any?: string[];
  final?: string | null;
  clauses?: LdapFilter[];
  toString(): string;
};

export type LdapControl = { type: string; criticality: boolean; value?: unknown };

export type LdapConnection = Socket & { ldap: { id: string }; parser: { write(data: Buffer): void; buffer: Buffer | null } };

export type LdapRequest = {
  messageId: number;
  protocolOp: number;
  dn: LdapDnObject | string;
  connection: LdapConnection;
  controls: LdapControl[];
  // bind
  credentials?: string;
  authentication?: string;
  version?: number;
  // search
  filter?: LdapFilter;
  scope?: number;
  attributes?: string[];
  sizeLimit?: number;
  timeLimit?: number;
  typesOnly?: boolean;
  // extended
  requestName?: string;
  requestValue?: unknown;
};

export type LdapResponse = {
  messageId: number;
  status: number;
  diagnosticMessage: string;
  matchedDN: string;
  addControl(control: unknown): void;
  responseName?: string;
  responseValue?: string;
  end(status?: number): void;
};

export type LdapHandler = (req: LdapRequest, res: LdapResponse, next: (error?: unknown) => void) => void;

export type LdapServer = {
  bind(dn: string, handler: LdapHandler): void;
  search(dn: string, handler: LdapHandler): void;
  add(dn: string, handler: LdapHandler): void;
  modify(dn: string, handler: LdapHandler): void;
  del(dn: string, handler: LdapHandler): void;
  modifyDN(dn: string, handler: LdapHandler): void;
  compare(dn: string, handler: LdapHandler): void;
  exop(name: string, handler: LdapHandler): void;
  newConnection(connection: unknown): void;
  _getHandlerChain(req: LdapRequest): { backend: unknown; handlers: LdapHandler[] };
  on(event: "error" | "clientError", listener: (error: Error) => void): void;
};

type LdapjsModule = {
  createServer(options: { log?: unknown; connectionRouter?: (socket: Socket) => void }): LdapServer;
  PagedResultsControl: new (options: { value: { size: number; cookie: Buffer } }) => unknown;
};

export const ldapjs = require("ldapjs") as LdapjsModule;
export const parseDnString = (require("@ldapjs/dn") as { DN: { fromString(dn: string): LdapDnObject } }).DN.fromString;
