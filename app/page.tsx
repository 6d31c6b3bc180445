import { redirect } from "next/navigation";

// The first real page; later issues make webmail the landing page.
export default function HomePage() {
  redirect("/mailbox");
}
