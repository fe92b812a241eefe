// Live reload for the editor preview. The server sends a `change` event (server-sent events, /events)
// whenever a comparison, issue note or template is saved; this script fetches the page again and swaps
// the regions that changed, without navigating: the email frame keeps its scroll position and the
// test-send form keeps what was typed. The toolbar links work without JavaScript; with it they switch
// in place too.
(() => {
  const live = document.getElementById('live');
  const setLive = (state, text) => {
    if (!live) return;
    live.dataset.state = state;
    live.textContent = text;
  };

  /** Keeps the email frame as tall as the email, so the page scrolls instead of the frame. */
  function fitFrame(frame) {
    try {
      const doc = frame.contentDocument;
      if (!doc?.documentElement) return;
      frame.style.height = `${Math.max(600, doc.documentElement.scrollHeight)}px`;
    } catch {
      // Not same-origin (should not happen): keep the fixed height.
    }
  }

  function watchFrame(frame) {
    if (!frame || frame.dataset.watched) return;
    frame.dataset.watched = '1';
    let observer;
    const onLoad = () => {
      const restore = Number(frame.dataset.restoreScroll || 0);
      if (restore) {
        frame.contentWindow?.scrollTo(0, restore);
        delete frame.dataset.restoreScroll;
      }
      fitFrame(frame);
      observer?.disconnect();
      const doc = frame.contentDocument;
      if (doc?.documentElement && 'ResizeObserver' in window) {
        observer = new ResizeObserver(() => fitFrame(frame));
        observer.observe(doc.documentElement);
      }
    };
    frame.addEventListener('load', onLoad);
    if (frame.contentDocument?.readyState === 'complete') onLoad();
  }

  /** Form fields by name, so a swap does not lose what the editor typed. */
  function saveFields(region) {
    const values = new Map();
    for (const field of region.querySelectorAll('input[name]')) {
      values.set(field.name, field.type === 'checkbox' ? field.checked : field.value);
    }
    return values;
  }

  function restoreFields(region, values) {
    for (const field of region.querySelectorAll('input[name]')) {
      if (!values.has(field.name)) continue;
      if (field.type === 'checkbox') field.checked = values.get(field.name);
      else field.value = values.get(field.name);
    }
  }

  function swapFrame(current, next) {
    const oldFrame = current.querySelector('iframe[data-email]');
    const newFrame = next.querySelector('iframe[data-email]');
    if (!oldFrame || !newFrame) {
      current.replaceWith(next);
      watchFrame(next.querySelector('iframe[data-email]'));
      return;
    }
    // Keep the iframe element: replacing it would flash and lose the reader's place.
    oldFrame.width = newFrame.getAttribute('width');
    oldFrame.style.width = newFrame.style.width;
    oldFrame.title = newFrame.title;
    oldFrame.parentElement.className = newFrame.parentElement.className;
    const srcdoc = newFrame.getAttribute('srcdoc');
    if (oldFrame.getAttribute('srcdoc') !== srcdoc) {
      oldFrame.dataset.restoreScroll = String(oldFrame.contentWindow?.scrollY ?? 0);
      oldFrame.setAttribute('srcdoc', srcdoc);
    } else {
      setTimeout(() => fitFrame(oldFrame), 60);
    }
    const fresh = next.querySelectorAll('[data-swap]');
    current.querySelectorAll('[data-swap]').forEach((node, i) => {
      if (fresh[i]) node.replaceWith(fresh[i]);
    });
  }

  function swap(doc) {
    const regions = document.querySelectorAll('[data-region]');
    const incoming = doc.querySelectorAll('[data-region]');
    const sameShape =
      regions.length === incoming.length &&
      [...regions].every((region, i) => region.dataset.region === incoming[i].dataset.region);
    document.title = doc.title;
    if (!sameShape) {
      const app = document.getElementById('app');
      const next = doc.getElementById('app');
      if (app && next) app.replaceChildren(...[...next.childNodes].map((node) => document.adoptNode(node)));
      watchFrame(document.querySelector('iframe[data-email]'));
      return;
    }
    regions.forEach((region, i) => {
      const next = document.adoptNode(incoming[i]);
      if (region.innerHTML === next.innerHTML) return;
      if (region.dataset.region === 'frame') {
        swapFrame(region, next);
        return;
      }
      const values = saveFields(region);
      region.replaceWith(next);
      restoreFields(next, values);
    });
  }

  let running = null;
  let again = false;
  async function refresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        setLive('busy', 'Updating…');
        const response = await fetch(location.href, {
          cache: 'no-store',
          headers: { 'x-preview-refresh': '1' },
        });
        const html = await response.text();
        swap(new DOMParser().parseFromString(html, 'text/html'));
      } while (again);
      setLive('on', 'Live reload on');
    })()
      .catch(() => setLive('off', 'Could not update: reload the page'))
      .finally(() => {
        running = null;
      });
    return running;
  }

  // Toolbar links switch width, scheme and version in place; the URL keeps the state.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-view]') : null;
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.replaceState(null, '', link.href);
    const frame = document.querySelector('iframe[data-email]');
    const width = /^width-(\d+)$/.exec(link.dataset.view)?.[1];
    if (frame && width) {
      frame.width = width;
      frame.style.width = `${width}px`;
    }
    refresh();
  });

  watchFrame(document.querySelector('iframe[data-email]'));

  if ('EventSource' in window) {
    let lost = false;
    setLive('off', 'Connecting…');
    const events = new EventSource('/events');
    events.addEventListener('ready', () => {
      setLive('on', 'Live reload on');
      // Back after the server restarted: files may have changed meanwhile.
      if (lost) refresh();
      lost = false;
    });
    events.addEventListener('change', () => refresh());
    events.addEventListener('error', () => {
      lost = true;
      setLive('off', 'Reconnecting…');
    });
  }
})();
