// Webview entry: builds the store, the host connection, the scene (when WebGL is there) and the HUD, in
// that order, and tears them down in reverse when the page goes away. The page must provide
// <div id="root"> and load main.css + main.js from dist/webview (see src/webview/README.md).
import './cspCompat';
import './main.css';
import { HostConnection } from './HostConnection';
import { AgentDetailPanel } from './hud/AgentDetailPanel';
import { GlobalHUD } from './hud/GlobalHUD';
import { SceneNotice } from './hud/SceneNotice';
import { App } from './scene/App';
import { SceneBridge } from './scene/SceneBridge';
import { isWebGLAvailable } from './scene/webglSupport';
import { createOfficeStore } from './store/officeStore';
import { ViewState } from './ViewState';
import { installTestHook } from './testHook';
import { connectToHost } from './vscodeApi';

function start(): () => void {
  const root = document.getElementById('root') ?? document.body;
  root.classList.add('heatdesk');
  const host = connectToHost();
  const store = createOfficeStore();
  const disposers: Array<() => void> = [];

  const select = (agentId: string | null): void => {
    store.getState().select(agentId);
    host.post({ type: 'agentSelected', agentId: store.getState().selectedAgentId });
  };

  // `ready` goes out first (the host holds everything until then). Messages arrive as later tasks, so the
  // parts built below exist before the first one is handled.
  let app: App | null = null;
  let viewState: ViewState | null = null;
  const connection = new HostConnection(host, store, (agentId) => {
    store.getState().select(agentId);
    if (store.getState().selectedAgentId === agentId) app?.focusAgent(agentId);
  });
  disposers.push(() => connection.dispose());

  const notice = new SceneNotice(root);
  disposers.push(() => notice.dispose());
  if (isWebGLAvailable()) {
    try {
      app = new App(root, {
        onSelect: select,
        onContextLost: (lost) => (lost ? notice.showContextLost() : notice.hide()),
        onCameraSettled: () => viewState?.save(),
      });
    } catch (err) {
      notice.showWebGLUnavailable(err instanceof Error ? err.message.slice(0, 200) : undefined);
      host.post({ type: 'log', level: 'warn', message: `3D office could not start: ${String(err).slice(0, 500)}` });
    }
  } else {
    notice.showWebGLUnavailable();
    host.post({ type: 'log', level: 'warn', message: '3D office unavailable: no WebGL in this webview' });
  }
  if (app) {
    const scene = app;
    const bridge = new SceneBridge(store, scene);
    disposers.push(() => scene.dispose(), () => bridge.dispose());
  }

  const hud = new GlobalHUD(root, store, (enabled) => host.post({ type: 'setHeatmap', enabled }));
  const panel = new AgentDetailPanel(root, store, () => select(null));
  disposers.push(() => hud.dispose(), () => panel.dispose());

  const sceneApp: App | null = app;
  viewState = new ViewState(host, store, sceneApp ? sceneApp.rig : null);
  const state = viewState;
  disposers.push(() => state.dispose());
  installTestHook(store, app);

  return () => {
    for (const dispose of disposers.reverse()) dispose();
  };
}

const stop = start();
window.addEventListener('pagehide', stop, { once: true });
