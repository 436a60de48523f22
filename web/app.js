// govforms page: sign in with a token, upload a filled form, see its record
// and diagnostics beside the printed labels, download record and sheet; the
// admin lists every unit's submissions and completes sheets with overrides.
'use strict';

const FORMS = {
  'request': '政务云资源需求申请表（附件1）',
  'hosting-request': '政务云资源需求申请表（托管）（附件2）',
  'change-request': '政务云资源变更申请表（附件3）',
  'exit-request': '政务云资源退出申请表（附件4）',
  'activation-sheet': '政务云资源开通确认单（附件5）',
  'change-sheet': '政务云资源变更确认单（附件6）',
  'exit-sheet': '政务云资源退出确认单（附件7）',
};
const STATES = { valid: '有效', invalid: '有错误', unreadable: '无法读取' };
const ROLES = { unit: '使用单位', provider: '云服务商', admin: '管理单位' };
const PAGE = 20;

const $ = (sel) => document.querySelector(sel);
const state = { token: sessionStorage.getItem('govforms.token') || '', me: null,
  offset: 0, total: 0, current: null, labels: {} };

// "table 1, row 5, cell 2" -> 第1个表格第5行第2列 (the record's `where` is English)
function whereZh(w) {
  let m = /^table (\d+), row (\d+), cell (\d+)$/.exec(w);
  if (m) return '第' + m[1] + '个表格第' + m[2] + '行第' + m[3] + '列';
  m = /^row (\d+), column (\d+)$/.exec(w);
  if (m) return '第' + m[1] + '行第' + m[2] + '列';
  m = /^line (\d+)$/.exec(w);
  if (m) return '第' + m[1] + '行';
  m = /^paragraph (\d+)$/.exec(w);
  if (m) return '第' + m[1] + '段';
  return w;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

async function api(path, opts = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + state.token }, opts.headers || {});
  const res = await fetch(path, Object.assign({}, opts, { headers }));
  if (res.status === 401) { signOut('令牌无效或已被吊销，请重新登录。'); throw new Error('unauthorized'); }
  return res;
}

async function errorText(res) {
  try {
    const j = await res.json();
    return (j.error && j.error.message) || res.statusText;
  } catch (e) { return res.status + ' ' + res.statusText; }
}

// ---- sign in ----
function signOut(msg) {
  state.token = ''; state.me = null;
  sessionStorage.removeItem('govforms.token');
  $('#app').hidden = true; $('#who').hidden = true; $('#login').hidden = false;
  const e = $('#login-error');
  e.hidden = !msg; e.textContent = msg || '';
}

async function signIn(token) {
  state.token = token.trim();
  let res;
  try { res = await api('/api/v1/me'); } catch (e) { return; }
  if (!res.ok) { signOut(await errorText(res)); return; }
  state.me = await res.json();
  sessionStorage.setItem('govforms.token', state.token);
  const m = state.me;
  $('#who-text').textContent = ROLES[m.role] + (m.unit ? '：' + m.unit : m.provider ? '：' + m.provider : '');
  $('#who').hidden = false; $('#login').hidden = true; $('#app').hidden = false;
  $('#upload').hidden = m.role === 'provider';
  $('#list-title').textContent = m.role === 'admin' ? '全部单位的提交记录'
    : m.role === 'provider' ? '本平台（' + m.provider + '云）的提交记录' : '本单位的提交记录';
  await loadList();
}

// ---- upload ----
async function upload(file) {
  const status = $('#upload-status');
  if (!file) return;
  if (file.size > 32 * 1024 * 1024) { status.textContent = '文件超过 32 MB，无法上传。'; return; }
  status.textContent = '正在上传并校验：' + file.name + ' …';
  const fd = new FormData();
  fd.append('file', file, file.name);
  let res;
  try { res = await api('/api/v1/submissions', { method: 'POST', body: fd }); }
  catch (e) { if (e.message !== 'unauthorized') status.textContent = '上传失败：' + e.message; return; }
  const body = await res.json().catch(() => null);
  if (res.status === 201) {
    status.textContent = body.valid ? '已提交，表单校验通过。' : '已提交，但表单有需要修改的地方，请对照下方说明修改后重新上传。';
    await showSubmission(body);
    await loadList();
  } else if (body && body.record) {
    status.textContent = (body.error && body.error.message) || '未能提交';
    await showRecord(null, body.record);
  } else {
    status.textContent = '未能提交：' + ((body && body.error && body.error.message) || res.status);
  }
}

// ---- one submission ----
async function labelsFor(form) {
  if (!form) return {};
  if (state.labels[form]) return state.labels[form];
  try {
    const res = await api('/api/v1/forms/' + encodeURIComponent(form));
    state.labels[form] = res.ok ? (await res.json()).labels || {} : {};
  } catch (e) { state.labels[form] = {}; }
  return state.labels[form];
}

// Leaves of the record as [key, value]; a list of values stays one leaf, a
// table (list of objects) is one leaf holding its rows.
function flatten(v, key, out) {
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) out.push([key, v, 'table']);
    else out.push([key, v]);
  } else if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) out.push([key, '']);
    keys.forEach((k) => flatten(v[k], key ? key + '.' + k : k, out));
  } else {
    out.push([key, v]);
  }
  return out;
}

function labelOf(labels, key, diags) {
  if (labels[key]) return labels[key];
  const generic = key.replace(/\[\d+\]/g, '[]');
  if (labels[generic]) return labels[generic] + key.replace(/^.*?\[(\d+)\].*$/, ' 第$1行').replace(/ 第(\d+)行/, (m, n) => ' 第' + (Number(n) + 1) + '行');
  const d = diags.find((x) => x.field === key && x.label);
  if (d) return d.label;
  return '';
}

function showValue(v) {
  if (v === '' || v === null || v === undefined) return el('span', { class: 'empty-val', text: '（空）' });
  if (Array.isArray(v)) return v.join('、');
  return String(v);
}

function diagNode(d) {
  return el('span', { class: 'diag ' + d.severity },
    (d.severity === 'error' ? '错误：' : '提示：') + d.message,
    d.where ? el('span', { class: 'where', text: '位置：' + whereZh(d.where) }) : null);
}

async function showRecord(sub, record) {
  state.current = sub;
  $('#detail').hidden = false;
  const form = record.form;
  $('#d-title').textContent = (form && FORMS[form]) || record.title || '未识别的文件';
  const st = sub ? sub.validity : (record.valid ? 'valid' : 'invalid');
  const badge = $('#d-badge');
  badge.className = 'badge ' + st; badge.textContent = STATES[st] || st;
  const src = record.source || {};
  $('#d-meta').textContent = [sub ? '编号 ' + sub.id : '未保存', src.name, sub && sub.unit, sub && sub.provider && sub.provider + '云',
    sub && sub.cloud_id && '上云编号 ' + sub.cloud_id].filter(Boolean).join(' · ');
  const diags = record.diagnostics || [];
  const nErr = diags.filter((d) => d.severity === 'error').length;
  const nWarn = diags.length - nErr;
  $('#d-summary').textContent = nErr ? '共 ' + nErr + ' 处错误' + (nWarn ? '、' + nWarn + ' 处提示' : '') + '：请按下表修改原表后重新上传。'
    : nWarn ? '校验通过，另有 ' + nWarn + ' 处提示。' : '校验通过，没有发现问题。';
  $('#d-downloads').hidden = !sub;
  $('#dl-sheet').disabled = !sub || st !== 'valid';
  $('#dl-sheet').title = st === 'valid' ? '' : '表单校验通过后才能生成确认单';
  $('#d-error').hidden = true;
  $('#overrides').hidden = !(sub && state.me && state.me.role === 'admin' && st === 'valid');
  if (!$('#overrides').hidden) fillOverrides(sub.overrides || {});

  const labels = await labelsFor(form);
  const rows = flatten(record.fields || {}, '', []).filter(([k]) => k);
  const byField = new Map();
  for (const d of diags) {
    const k = d.field || '';
    if (!byField.has(k)) byField.set(k, []);
    byField.get(k).push(d);
  }
  const tbody = $('#d-fields tbody');
  tbody.replaceChildren();
  const seen = new Set();
  const tableOf = (key, rows, ds) => {
    const cols = [];
    for (const r of rows) for (const c of Object.keys(r)) if (!cols.includes(c)) cols.push(c);
    const bad = new Set(ds.map((d) => d.field));
    return el('table', { class: 'rows' },
      el('thead', {}, el('tr', {}, el('th', { text: '#' }),
        ...cols.map((c) => el('th', { text: labels[key + '[].' + c] || c, title: c })))),
      el('tbody', {}, ...rows.map((r, i) => el('tr', {}, el('td', { text: String(i + 1) }),
        ...cols.map((c) => el('td', { class: bad.has(key + '[' + i + '].' + c) ? 'bad' : '' }, showValue(r[c])))))));
  };
  const addRow = (key, value, ds, kind) => {
    const label = labelOf(labels, key, diags);
    const tr = el('tr', { 'data-field': key },
      el('td', { class: 'label' }, label || key, label ? el('span', { class: 'key', text: key }) : null),
      el('td', {}, kind === 'table' ? el('div', { class: 'scroll' }, tableOf(key, value, ds)) : showValue(value)),
      el('td', {}, ...(ds.length ? ds.map(diagNode) : [el('span', { class: 'ok-mark', text: '✓' })])));
    if (ds.some((d) => d.severity === 'error')) tr.classList.add('has-error');
    tbody.append(tr);
  };
  // diagnostics on fields that are missing from the record come first
  for (const [k, ds] of byField) {
    if (!k || rows.some(([rk]) => rk === k || rk.startsWith(k + '.') || rk.startsWith(k + '['))) continue;
    addRow(k, '', ds); seen.add(k);
  }
  for (const [k, v, kind] of rows) {
    const ds = kind === 'table' ? diags.filter((d) => d.field && (d.field === k || d.field.startsWith(k + '[')))
      : byField.get(k) || [];
    addRow(k, v, ds, kind); seen.add(k);
    if (kind === 'table') for (const d of ds) seen.add(d.field);
  }
  const general = diags.filter((d) => !d.field || (!seen.has(d.field) && !rows.some(([rk]) => rk.startsWith(d.field) || d.field.startsWith(rk + '['))));
  if (general.length) {
    tbody.prepend(el('tr', { class: 'has-error' }, el('td', { class: 'label', text: '整份文件' }), el('td', {}),
      el('td', {}, ...general.map(diagNode))));
  }
  markCurrent();
}

async function showSubmission(sub) {
  setTimeout(() => $('#detail').scrollIntoView({ behavior: 'smooth', block: 'start' }), 0);
  if (!sub.record) {
    const res = await api('/api/v1/submissions/' + sub.id);
    if (!res.ok) { $('#d-error').hidden = false; $('#d-error').textContent = await errorText(res); return; }
    sub = await res.json();
  }
  await showRecord(sub, sub.record);
}

async function download(kind) {
  const sub = state.current;
  if (!sub) return;
  const path = sub.links[kind];
  const err = $('#d-error');
  err.hidden = true;
  const res = await api(path);
  if (!res.ok) { err.hidden = false; err.textContent = await errorText(res); return; }
  const blob = await res.blob();
  const names = { record: 'record-' + sub.id + '.json', record_xml: 'record-' + sub.id + '.xml',
    original: (sub.source && sub.source.name) || 'upload', sheet: '确认单-' + sub.id + '.pdf' };
  const a = el('a', { href: URL.createObjectURL(blob), download: names[kind] });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  if (kind === 'sheet') {
    const again = await api('/api/v1/submissions/' + sub.id);
    if (again.ok) { const s = await again.json(); state.current = s; await showRecord(s, s.record); loadList(); }
  }
}

// ---- overrides (admin) ----
function ovRow(key, value) {
  const row = el('div', { class: 'ov-row' },
    el('input', { placeholder: '字段，如 hosts_total.cpu', value: key || '', 'aria-label': '字段' }),
    el('input', { placeholder: '内容', value: value === undefined ? '' : String(value), 'aria-label': '内容' }),
    el('button', { type: 'button', class: 'ghost', text: '删除' }));
  row.lastChild.addEventListener('click', () => row.remove());
  $('#ov-rows').append(row);
}

function fillOverrides(ov) {
  $('#ov-hours').value = ov['system.operating_hours'] || '';
  $('#ov-rows').replaceChildren();
  for (const [k, v] of Object.entries(ov)) if (k !== 'system.operating_hours' && k !== 'system.cloud_id') ovRow(k, v);
  $('#ov-status').textContent = '';
}

async function saveOverrides() {
  const sub = state.current;
  const ov = {};
  if ($('#ov-hours').value) ov['system.operating_hours'] = $('#ov-hours').value;
  for (const row of $('#ov-rows').children) {
    const [k, v] = row.querySelectorAll('input');
    if (k.value.trim()) ov[k.value.trim()] = /^-?\d+(\.\d+)?$/.test(v.value.trim()) ? Number(v.value.trim()) : v.value.trim();
  }
  const res = await api(sub.links.overrides, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ov) });
  if (!res.ok) { $('#ov-status').textContent = '未保存：' + await errorText(res); return; }
  const s = await res.json();
  state.current = s;
  await showRecord(s, s.record);
  $('#ov-status').textContent = '已保存，下载确认单时按新内容生成。';
}

// ---- list ----
function fmtTime(iso) {
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
}

async function loadList() {
  const q = new URLSearchParams({ limit: PAGE, offset: state.offset });
  const f = { form: $('#f-form').value, validity: $('#f-validity').value, q: $('#f-q').value.trim(),
    since: $('#f-since').value, until: $('#f-until').value };
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  let res;
  try { res = await api('/api/v1/submissions?' + q); } catch (e) { return; }
  const tbody = $('#subs tbody');
  if (!res.ok) { tbody.replaceChildren(el('tr', {}, el('td', { colSpan: 7, text: await errorText(res) }))); return; }
  const page = await res.json();
  state.total = page.total;
  tbody.replaceChildren();
  for (const s of page.items) {
    const tr = el('tr', { 'data-id': String(s.id) },
      el('td', { text: String(s.id) }),
      el('td', { text: fmtTime(s.created) }),
      el('td', { text: (s.form && FORMS[s.form]) ? FORMS[s.form].replace(/（附件\d）$/, '') : '未识别' }),
      el('td', { text: s.unit || '—' }),
      el('td', { text: s.provider ? s.provider + '云' : '—' }),
      el('td', { text: s.system_name || (s.source && s.source.name) || '—' }),
      el('td', {}, el('span', { class: 'pill ' + s.validity, text: STATES[s.validity] || s.validity })));
    tr.addEventListener('click', () => showSubmission(s));
    tbody.append(tr);
  }
  if (!page.items.length) tbody.append(el('tr', {}, el('td', { colSpan: 7, class: 'hint', text: '没有符合条件的提交记录。' })));
  const from = page.total ? state.offset + 1 : 0;
  $('#page-info').textContent = '第 ' + from + '–' + (state.offset + page.items.length) + ' 条，共 ' + page.total + ' 条';
  $('#prev').disabled = state.offset === 0;
  $('#next').disabled = state.offset + PAGE >= page.total;
  markCurrent();
}

function markCurrent() {
  for (const tr of document.querySelectorAll('#subs tbody tr')) {
    tr.classList.toggle('current', !!state.current && tr.dataset.id === String(state.current.id));
  }
}

// ---- wiring ----
document.addEventListener('DOMContentLoaded', () => {
  for (const [id, title] of Object.entries(FORMS)) $('#f-form').append(el('option', { value: id, text: title }));
  $('#login-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('#token').value); });
  $('#logout').addEventListener('click', () => signOut(''));
  const drop = $('#drop'), file = $('#file');
  drop.addEventListener('click', () => file.click());
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } });
  file.addEventListener('change', () => { upload(file.files[0]); file.value = ''; });
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); upload(e.dataTransfer.files[0]); });
  // a file dropped outside the zone must not navigate away
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  for (const b of document.querySelectorAll('[data-dl]')) b.addEventListener('click', () => download(b.dataset.dl));
  $('#ov-add').addEventListener('click', () => ovRow('', ''));
  $('#ov-save').addEventListener('click', saveOverrides);
  $('#filters').addEventListener('submit', (e) => { e.preventDefault(); state.offset = 0; loadList(); });
  $('#prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); loadList(); });
  $('#next').addEventListener('click', () => { state.offset += PAGE; loadList(); });
  if (state.token) signIn(state.token);
});
