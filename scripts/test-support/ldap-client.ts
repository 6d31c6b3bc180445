// The ldapjs client, promisified for the LDAP daemon's tests: connect (optionally StartTLS), bind,
// search (optionally paged), and the write operations that must be refused.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Callback<T = unknown> = (error: (Error & { code?: number }) | null, result?: T) => void;
type SearchEmitter = {
  on(event: "searchEntry", listener: (entry: { pojo: { objectName: string; attributes: { type: string; values: string[] }[] } }) => void): void;
  on(event: "page", listener: () => void): void;
  on(event: "error", listener: (error: Error & { code?: number }) => void): void;
  on(event: "end", listener: (result: { status: number } | null) => void): void;
};
type RawClient = {
  on(event: "error" | "connectError", listener: (error: Error) => void): void;
  once(event: "connect", listener: () => void): void;
  starttls(options: object, controls: unknown[], callback: Callback): void;
  bind(dn: string, password: string, callback: Callback): void;
  search(base: string, options: object, callback: Callback<SearchEmitter>): void;
  add(dn: string, entry: object, callback: Callback): void;
  modify(dn: string, change: unknown, callback: Callback): void;
  del(dn: string, callback: Callback): void;
  modifyDN(dn: string, newDn: string, callback: Callback): void;
  unbind(callback?: Callback): void;
  destroy(): void;
};
const ldapjs = require("ldapjs") as {
  createClient(options: object): RawClient;
  Change: new (options: { operation: string; modification: { type: string; values: string[] } }) => unknown;
};

export type LdapEntry = { dn: string; attributes: Record<string, string[]> };

export type LdapClient = {
  bind(dn: string, password: string): Promise<unknown>;
  search(base: string, options: { filter?: string; scope?: "base" | "one" | "sub"; attributes?: string[]; paged?: { pageSize: number }; sizeLimit?: number }): Promise<{ entries: LdapEntry[]; pages: number }>;
  add(dn: string, attributes: Record<string, string[]>): Promise<unknown>;
  modify(dn: string, attribute: string, value: string): Promise<unknown>;
  del(dn: string): Promise<unknown>;
  modifyDn(dn: string, newDn: string): Promise<unknown>;
  close(): void;
};

const call = <T>(run: (callback: Callback<T>) => void) =>
  new Promise<T>((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result as T))));

/** A connected ldapjs client; `startTls` upgrades a plain connection before anything else. */
export async function connectLdapClient(url: string, options: { startTls?: boolean } = {}): Promise<LdapClient> {
  const client = ldapjs.createClient({ url, tlsOptions: { rejectUnauthorized: false }, reconnect: false });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", resolve);
    client.on("connectError", reject);
    client.on("error", reject);
  });
  if (options.startTls) await call((callback) => client.starttls({ rejectUnauthorized: false }, [], callback));
  return {
    bind: (dn, password) => call<unknown>((callback) => client.bind(dn, password, callback)),
    search: (base, searchOptions) =>
      call<SearchEmitter>((callback) => client.search(base, { scope: "sub", ...searchOptions }, callback)).then(
        (emitter) =>
          new Promise((resolve, reject) => {
            const entries: LdapEntry[] = [];
            let pages = 0;
            emitter.on("searchEntry", (entry) => {
              entries.push({ dn: entry.pojo.objectName, attributes: Object.fromEntries(entry.pojo.attributes.map((a) => [a.type, a.values])) });
            });
            emitter.on("page", () => (pages += 1));
            emitter.on("error", reject);
            emitter.on("end", () => resolve({ entries, pages }));
          }),
      ),
    add: (dn, attributes) => call<unknown>((callback) => client.add(dn, attributes, callback)),
    modify: (dn, attribute, value) =>
      call<unknown>((callback) => client.modify(dn, new ldapjs.Change({ operation: "replace", modification: { type: attribute, values: [value] } }), callback)),
    del: (dn) => call<unknown>((callback) => client.del(dn, callback)),
    modifyDn: (dn, newDn) => call<unknown>((callback) => client.modifyDN(dn, newDn, callback)),
    close: () => client.destroy(),
  };
}
