// Attribute names are case-insensitive, and several have a long and a short name (RFC 4519) or
// an old Mozilla name. Filters and attribute lists are resolved to the one lower-case name the
// entries are indexed by.

const ALIASES: Record<string, string> = {
  commonname: "cn",
  surname: "sn",
  gn: "givenname",
  localityname: "l",
  stateorprovincename: "st",
  organizationname: "o",
  organizationalunitname: "ou",
  countryname: "c",
  friendlycountryname: "co",
  rfc822mailbox: "mail",
  fax: "facsimiletelephonenumber",
  hometelephonenumber: "homephone",
  mobiletelephonenumber: "mobile",
  streetaddress: "street",
  userid: "uid",
  xmozillanickname: "mozillanickname",
  xmozillasecondemail: "mozillasecondemail",
};

export function canonicalAttributeName(name: string): string {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? lower;
}
