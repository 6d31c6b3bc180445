import type { CommandName } from "./protocol/command.ts";
import type { CommandHandler, CommandNamed } from "./session.ts";
import { capabilityCommand } from "./commands/capability.ts";
import { noopCommand } from "./commands/noop.ts";
import { logoutCommand } from "./commands/logout.ts";
import { starttlsCommand } from "./commands/starttls.ts";
import { loginCommand } from "./commands/login.ts";
import { authenticateCommand } from "./commands/authenticate.ts";
import { enableCommand } from "./commands/enable.ts";
import { idCommand } from "./commands/id.ts";
import { namespaceCommand } from "./commands/namespace.ts";
import { selectCommand } from "./commands/select.ts";
import { closeCommand } from "./commands/close.ts";
import { createCommand } from "./commands/create.ts";
import { deleteCommand } from "./commands/delete.ts";
import { renameCommand } from "./commands/rename.ts";
import { subscribeCommand } from "./commands/subscribe.ts";
import { listCommand } from "./commands/list.ts";
import { statusCommand } from "./commands/status.ts";
import { appendCommand } from "./commands/append.ts";
import { idleCommand } from "./commands/idle.ts";
import { expungeCommand } from "./commands/expunge.ts";
import { searchCommand } from "./commands/search.ts";
import { fetchCommand } from "./commands/fetch.ts";
import { storeCommand } from "./commands/store.ts";
import { copyMoveCommand } from "./commands/copy-move.ts";
import { quotaCommand } from "./commands/quota.ts";
import { sortCommand } from "./commands/sort.ts";
import { threadCommand } from "./commands/thread.ts";
import { compressCommand } from "./commands/compress.ts";

/** Every command the parser knows, with the handler that runs it. */
export const COMMAND_HANDLERS: { [N in CommandName]: CommandHandler<CommandNamed<N>> } = {
  CAPABILITY: capabilityCommand,
  NOOP: noopCommand,
  CHECK: noopCommand,
  LOGOUT: logoutCommand,
  STARTTLS: starttlsCommand,
  LOGIN: loginCommand,
  AUTHENTICATE: authenticateCommand,
  ENABLE: enableCommand,
  ID: idCommand,
  NAMESPACE: namespaceCommand,
  SELECT: selectCommand,
  EXAMINE: selectCommand,
  CLOSE: closeCommand,
  UNSELECT: closeCommand,
  CREATE: createCommand,
  DELETE: deleteCommand,
  RENAME: renameCommand,
  SUBSCRIBE: subscribeCommand,
  UNSUBSCRIBE: subscribeCommand,
  LIST: listCommand,
  LSUB: listCommand,
  STATUS: statusCommand,
  APPEND: appendCommand,
  IDLE: idleCommand,
  EXPUNGE: expungeCommand,
  SEARCH: searchCommand,
  FETCH: fetchCommand,
  STORE: storeCommand,
  COPY: copyMoveCommand,
  MOVE: copyMoveCommand,
  SORT: sortCommand,
  THREAD: threadCommand,
  GETQUOTA: quotaCommand,
  GETQUOTAROOT: quotaCommand,
  SETQUOTA: quotaCommand,
  COMPRESS: compressCommand,
};
