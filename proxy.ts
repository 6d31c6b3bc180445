// Sends requests for private pages without a session to /login (Auth.js's `authorized` callback).
export { auth as proxy } from "@/auth";

export const config = {
  // Everything but build assets and the files in public/, which are public by definition.
  matcher: ["/((?!_next/static|_next/image|favicon\\.svg$).*)"],
};
