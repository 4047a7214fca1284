// The live page: polls state.json (the coordinator's own round records) and redraws. Text only goes in
// through textContent, never as markup.
'use strict';

const pollMs = 1000;
const svgNs = 'http://www.w3.org/2000/svg';
const byId = id => document.getElementById(id);
const percent = x => x === null || x === undefined ? '–' : (100 * x).toFixed(1) + ' %';
const reasonsOf = tally => (tally || '').split(';').filter(p => p).map(p => { const i = p.lastIndexOf(':'); return [p.slice(0, i), Number(p.slice(i + 1))]; });
const describe = pairs => pairs.length === 0 ? 'none' : pairs.map(([r, n]) => `${r}: ${n}`).join(', ');

function set(id, text) {
  const element = byId(id);
  if (element.textContent !== String(text))
    element.textContent = text;
}

function svg(name, attributes, text) {
  const element = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes))
    element.setAttribute(key, value);
  if (text !== undefined)
    element.textContent = text;
  return element;
}

function drawCurve(state) {
  const curve = byId('curve');
  const width = 720, height = 300, left = 48, right = 16, top = 14, bottom = 36;
  const rounds = Math.max(1, state.rounds);
  const x = round => left + (width - left - right) * (rounds === 1 ? 0.5 : (round - 1) / (rounds - 1));
  const y = accuracy => top + (height - top - bottom) * (1 - accuracy);
  const parts = [];
  for (let i = 0; i <= 4; i++) {
    const level = i / 4;
    parts.push(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(level), y2: y(level) }));
    parts.push(svg('text', { class: 'tick', x: left - 6, y: y(level) + 4, 'text-anchor': 'end' }, `${100 * level} %`));
  }
  const step = Math.max(1, Math.ceil(rounds / 10));
  for (let round = 1; round <= rounds; round += step)
    parts.push(svg('text', { class: 'tick', x: x(round), y: height - bottom + 16, 'text-anchor': 'middle' }, String(round)));
  parts.push(svg('text', { class: 'tick', x: (left + width - right) / 2, y: height - 4, 'text-anchor': 'middle' }, 'round'));
  parts.push(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }));
  parts.push(svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  const measured = state.completed.filter(r => r.test_accuracy !== null);
  if (measured.length === 0)
    parts.push(svg('text', { class: 'empty', x: (left + width - right) / 2, y: height / 2, 'text-anchor': 'middle' }, 'no round has ended yet'));
  else
    parts.push(svg('polyline', { class: 'line', points: measured.map(r => `${x(r.round)},${y(r.test_accuracy)}`).join(' ') }));
  for (const r of measured) {
    const point = svg('circle', { class: r.aggregated ? 'point' : 'point aborted', cx: x(r.round), cy: y(r.test_accuracy), r: 4, 'data-round': r.round });
    point.appendChild(svg('title', {}, `round ${r.round}: ${percent(r.test_accuracy)}${r.aggregated ? '' : ' (not aggregated: ' + r.abort_reason + ')'}`));
    parts.push(point);
  }
  curve.replaceChildren(...parts);
}

function drawTable(state) {
  const body = byId('rounds-table').tBodies[0];
  const rows = state.completed.map(r => {
    const row = document.createElement('tr');
    row.dataset.round = r.round;
    if (!r.aggregated)
      row.className = 'aborted';
    const cells = [
      [r.round], [r.stages, 'text'], [r.joined], [r.selected], [r.accepted], [r.rejected, r.rejected > 0 ? 'rejected' : ''],
      [describe(reasonsOf(r.rejection_reasons)), 'text'], [r.missing], [r.aggregated ? 'yes' : 'no: ' + r.abort_reason, 'text'],
      [percent(r.test_accuracy)], [r.test_loss === null ? '–' : r.test_loss.toFixed(4)], [r.round_ms === null ? '–' : (r.round_ms / 1000).toFixed(1)],
    ];
    for (const [text, className] of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (className)
        cell.className = className;
      row.appendChild(cell);
    }
    return row;
  });
  body.replaceChildren(...rows);
}

function render(state) {
  set('run', state.run);
  set('setup', `${state.model}, ${state.clients} clients, strategy ${state.strategy}, suite ${state.suite}, partition ${state.partition}`);
  const now = state.now;
  const round = now ? now.round : state.completed.length;
  set('round', round);
  set('rounds', state.rounds);
  set('phase', now ? now.phase : 'starting');
  set('joined', now ? `${now.joined} of ${state.clients}` : '–');
  set('stage', now && now.selected > 0 ? `${now.received} of ${now.selected} replies in, ${now.accepted} accepted, ${now.rejected} rejected` : '–');
  const totals = new Map();
  for (const r of state.completed)
    for (const [reason, count] of reasonsOf(r.rejection_reasons))
      totals.set(reason, (totals.get(reason) || 0) + count);
  set('accepted-total', state.completed.reduce((sum, r) => sum + r.accepted, 0));
  set('rejected-total', state.completed.reduce((sum, r) => sum + r.rejected, 0));
  set('reasons-total', describe([...totals.entries()].sort()));
  document.title = `round ${round}/${state.rounds}: ${state.run} (FedHybrid live)`;
  drawCurve(state);
  drawTable(state);
}

async function poll() {
  const connection = byId('connection');
  let finished = false;
  try {
    const response = await fetch('state.json', { cache: 'no-store' });
    if (!response.ok)
      throw new Error(`state.json answered ${response.status}`);
    const state = await response.json();
    render(state);
    finished = state.now !== null && state.now.phase === 'finished';
    connection.className = 'live';
    connection.textContent = finished ? 'the run has finished' : `live: updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    connection.className = 'lost';
    connection.textContent = `the coordinator does not answer (${error.message}); showing the last state, retrying`;
  }
  if (!finished)
    setTimeout(poll, pollMs);
}

poll();
