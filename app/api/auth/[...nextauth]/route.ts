// GET|POST /api/auth/* – Auth.js endpoints (session, CSRF token, sign-in callback, sign-out)
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
