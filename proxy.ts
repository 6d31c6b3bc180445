// Sends requests for private pages without a session to /login (Auth.js's `authorized` callback).
export { auth as proxy } from "@/auth";

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
