// Entry of the core process: an Electron utility process started by electron/main.ts. It holds the
// Session and answers the window's calls through dispatch, so a long query or import runs here and
// never freezes the window. Arguments: the project to open at start, if any (a .casus path);
// CASUS_DEMO_PATH in the environment opens or creates the demo study there instead.
import { existsSync } from 'node:fs';
import { createContext } from '../core/server/context.js';
import { Session } from '../core/server/session.js';
import { serveCore } from './core-server.js';

async function openAtStart(session: Session): Promise<void> {
  const project = process.argv.find((a) => a.endsWith('.casus'));
  const demo = process.env.CASUS_DEMO_PATH;
  try {
    if (project) session.open(project);
    else if (demo) {
      if (existsSync(demo)) session.open(demo);
      else await session.create(demo, { template: 'regio-deals', demo: true });
    }
  } catch (e) {
    // The window then shows the project picker; the reason goes to the log.
    process.stderr.write(
      `casus: could not open ${project ?? demo}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
  }
}

const port = process.parentPort;
const session = new Session({ remember: true, announce: 'desktop', autoSnapshots: true });
serveCore(
  {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
  },
  {
    context: openAtStart(session).then(() => createContext(session)),
    close: () => session.close(),
    exit: () => process.exit(0),
    session,
  },
);
