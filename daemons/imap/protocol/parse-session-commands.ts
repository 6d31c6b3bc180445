// Commands about the connection rather than a mailbox (RFC 9051 §6.1-6.2 and extensions):
//   tag CAPABILITY | NOOP | LOGOUT | STARTTLS | NAMESPACE | IDLE | CHECK | CLOSE | UNSELECT
//   tag LOGIN userid password
//   tag AUTHENTICATE mechanism [initial-response]          (SASL-IR, RFC 4959)
//   tag ENABLE capability *(SP capability)                  (RFC 5161)
//   tag ID ("field" "value" ...) / NIL                       (RFC 2971)
//   tag COMPRESS mechanism                                  (RFC 4978)

import type { Command } from "./command.ts";
import type { TokenCursor } from "./parse-tokens.ts";

/** initial-resp = base64 / "=" (RFC 4959 §7): "=" stands for an empty response. */
const INITIAL_RESPONSE = /^(?:=|(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4}))$/;

// login = "LOGIN" SP userid SP password;  userid = astring;  password = astring
export function parseLogin(cursor: TokenCursor): Command | null {
  const username = cursor.expectSpace("user name") ? cursor.readAstring("user name") : null;
  if (username === null) return null;
  const password = cursor.expectSpace("password") ? cursor.readAstring("password") : null;
  return password === null ? null : { name: "LOGIN", username, password };
}

// authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp];  auth-type = atom (upper-cased: SASL names are case-insensitive)
export function parseAuthenticate(cursor: TokenCursor): Command | null {
  const mechanism = cursor.expectSpace("authentication mechanism") ? cursor.readKeyword("authentication mechanism") : null;
  if (mechanism === null) return null;
  if (!cursor.skip(" ")) return { name: "AUTHENTICATE", mechanism, initialResponse: null };
  const initialResponse = cursor.readAtom("initial response");
  if (initialResponse === null) return null;
  if (!INITIAL_RESPONSE.test(initialResponse)) return cursor.fail("Invalid initial response");
  return { name: "AUTHENTICATE", mechanism, initialResponse };
}

// enable = "ENABLE" 1*(SP capability);  capability = atom (upper-cased: capability names are case-insensitive)
export function parseEnable(cursor: TokenCursor): Command | null {
  const capabilities: string[] = [];
  do {
    const capability = cursor.expectSpace("capability") ? cursor.readKeyword("capability") : null;
    if (capability === null) return null;
    capabilities.push(capability);
  } while (!cursor.isAtEnd());
  return { name: "ENABLE", capabilities };
}

// id = "ID" SP id-params-list;  id-params-list = "(" #(string SP nstring) ")" / nil
export function parseId(cursor: TokenCursor): Command | null {
  if (!cursor.expectSpace("ID parameters")) return null;
  if (cursor.skipNil()) return { name: "ID", parameters: null };
  const parameters = cursor.readList("ID parameters", () => readIdParameter(cursor), { allowsEmpty: true });
  return parameters === null ? null : { name: "ID", parameters };
}

function readIdParameter(cursor: TokenCursor): [string, string | null] | null {
  const field = cursor.readString("ID field name");
  if (field === null || !cursor.expectSpace("ID field value")) return null;
  if (cursor.skipNil()) return [field, null];
  const value = cursor.readString("ID field value");
  return value === null ? null : [field, value];
}

// compress = "COMPRESS" SP algorithm;  algorithm = "DEFLATE" / atom (upper-cased)
export function parseCompress(cursor: TokenCursor): Command | null {
  const mechanism = cursor.expectSpace("compression mechanism") ? cursor.readKeyword("compression mechanism") : null;
  return mechanism === null ? null : { name: "COMPRESS", mechanism };
}
