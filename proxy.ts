// Sends requests for private pages without a session to /login (Auth.js's `authorized` callback).
export { auth as proxy } from "@/auth";

export const config = {
  // Everything but build assets, the files in public/, which are public by definition, and the
  // public status pages (/status and below: no sign-in, and no session work on the hot path).
  matcher: ["/((?!_next/static|_next/image|favicon\\.svg$|status$|status/).*)"],
};
