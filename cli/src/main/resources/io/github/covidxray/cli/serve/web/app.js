// The triage page: sends the chosen files to /v1/explain (prediction and heatmap in one request) and shows,
// per image, the label, every class's probability, the operating-point flag, the out-of-distribution
// warning and the overlay. Plain DOM code: no framework, no build step, nothing loaded from elsewhere.
'use strict';

const form = document.getElementById('upload');
const input = document.getElementById('files');
const drop = document.getElementById('drop');
const statusLine = document.getElementById('status');
const results = document.getElementById('results');
const submit = document.getElementById('submit');
let model = null;

fetch('/v1/model').then(r => r.json()).then(m => {
  model = m;
  const threshold = m.operating_point
    ? ` · flags when P(${m.operating_point.label}) ≥ ${m.operating_point.threshold.toFixed(3)}` : '';
  document.getElementById('model-name').textContent = `${m.name} ${m.version} (${m.engine})${threshold}`;
}).catch(() => { document.getElementById('model-name').textContent = 'unavailable'; });

['dragenter', 'dragover'].forEach(type => drop.addEventListener(type, event => {
  event.preventDefault();
  drop.classList.add('over');
}));
['dragleave', 'drop'].forEach(type => drop.addEventListener(type, () => drop.classList.remove('over')));
drop.addEventListener('drop', event => {
  event.preventDefault();
  input.files = event.dataTransfer.files;
  send();
});
form.addEventListener('submit', event => {
  event.preventDefault();
  send();
});

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  children.forEach(c => node.append(c));
  return node;
}

async function post(path, files) {
  const body = new FormData();
  files.forEach(f => body.append('file', f, f.name));
  const reply = await fetch(path, { method: 'POST', body });
  const json = await reply.json();
  if (!reply.ok) {
    throw new Error(json.error || `HTTP ${reply.status}`);
  }
  return json.results;
}

async function send() {
  const files = Array.from(input.files);
  if (files.length === 0) {
    statusLine.textContent = 'Choose at least one image first.';
    return;
  }
  submit.disabled = true;
  statusLine.textContent = `Classifying ${files.length} image(s)…`;
  results.replaceChildren();
  try {
    let answers = await post('/v1/explain', files);
    // A model that cannot explain itself still classifies: ask for the plain predictions instead.
    if (answers.some(a => a.error && a.error.includes('cannot explain'))) {
      answers = await post('/v1/classify', files);
    }
    answers.forEach(a => results.append(render(a)));
    statusLine.textContent = `Done: ${answers.length} result(s).`;
  } catch (e) {
    statusLine.textContent = `The server refused the request: ${e.message}`;
  } finally {
    submit.disabled = false;
  }
}

function render(a) {
  const card = el('article', { class: 'result' }, el('h2', {}, a.file));
  if (a.error) {
    card.append(el('p', { class: 'error' }, a.error));
    return card;
  }
  const left = el('div', {});
  if (a.out_of_distribution) {
    card.append(el('p', { class: 'ood-warning', role: 'alert' },
      'Out of distribution: this image does not look like the chest X-rays the model was trained on. '
      + 'No label is given; the scores below are not meaningful for it.'));
  } else {
    left.append(el('p', { class: 'label' }, `${a.label} (${(100 * a.confidence).toFixed(1)}%)`));
    if (a.flagged !== undefined) {
      const point = model && model.operating_point ? model.operating_point.label : 'the target class';
      left.append(el('p', { class: 'flag' }, a.flagged
        ? `Flagged at the operating point for ${point}.` : `Not flagged at the operating point for ${point}.`));
    }
  }
  const table = el('table', {}, el('caption', {}, 'Probability of each class'),
    el('tr', {}, el('th', { scope: 'col' }, 'class'), el('th', { scope: 'col' }, 'probability')));
  Object.entries(a.scores).forEach(([label, p]) => {
    table.append(el('tr', {}, el('th', { scope: 'row' }, label),
      el('td', {}, el('meter', { min: '0', max: '1', value: String(p), 'aria-label': label }),
        ` ${(100 * p).toFixed(1)}%`)));
  });
  left.append(table);
  if (a.ood_score !== null && a.ood_score !== undefined) {
    left.append(el('p', {}, `Out-of-distribution score: ${a.ood_score.toFixed(3)}`));
  }
  card.append(left);
  if (a.overlay_png) {
    card.append(el('figure', {},
      el('img', { class: 'overlay', src: `data:image/png;base64,${a.overlay_png}`,
        alt: `Heatmap (${a.method}) of the evidence for ${a.explained_label} over ${a.file}` }),
      el('figcaption', {}, `Where the evidence for "${a.explained_label}" lies (${a.method}).`)));
  }
  return card;
}
