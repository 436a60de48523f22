// govforms archive page: upload a scan of a stamped confirmation sheet, see
// which record it matched and each party's seal check, search the archive
// and download the original scans (checked against their SHA-256 by the
// server). Uses the token of the main page (sessionStorage).
'use strict';

const KINDS = { activation: '开通确认单', change: '变更确认单', exit: '退出确认单' };
const VERDICTS = { present: '✔ 已盖章', absent: '✖ 未盖章', uncertain: '? 不确定' };
const ROLES = { unit: '使用单位', provider: '云服务商', admin: '管理单位' };
const PAGE = 20;
const $ = (sel) => document.querySelector(sel);
const st = { token: sessionStorage.getItem('govforms.token') || '', me: null, offset: 0, total: 0 };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e[k] = v;
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

async function api(path, opts = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + st.token }, opts.headers || {});
  return fetch(path, Object.assign({}, opts, { headers }));
}

async function errorText(res) {
  try { const j = await res.json(); return (j.error && j.error.message) || res.statusText; }
  catch (e) { return res.status + ' ' + res.statusText; }
}

function sealMarks(e) {
  return (e.seals || []).map((s) => s.zh + (s.verdict === 'present' ? '✔' : s.verdict === 'absent' ? '✖' : '?')).join(' ');
}

function showResult(e) {
  $('#a-result').hidden = false;
  $('#r-title').textContent = (e.existing ? '此扫描件已归档（#' : '已归档（#') + e.id + '）';
  const kind = KINDS[e.kind] || e.kind || '';
  $('#r-summary').textContent = (e.match === 'hand' ? '手工关联到 ' : '匹配到 ') + e.cloud_id +
    '（' + (e.unit || '') + '「' + (e.system_name || '') + '」的' + kind + '）';
  const stale = $('#r-stale');
  stale.hidden = !e.stale;
  stale.textContent = e.stale ? '注意：纸面二维码中的记录摘要与系统中的当前记录不一致，纸质确认单打印自另一版本的记录。' : '';
  const body = $('#r-seals tbody');
  body.replaceChildren();
  for (const s of e.seals || []) {
    body.append(el('tr', {},
      el('td', { text: s.zh }),
      el('td', { class: 'verdict-' + s.verdict, text: VERDICTS[s.verdict] || s.verdict }),
      el('td', { text: typeof s.coverage === 'number' ? (s.coverage * 100).toFixed(1) + '%' : '—' })));
  }
  $('#r-note').textContent = (e.detail && e.detail.note) || '';
}

async function upload(ev) {
  ev.preventDefault();
  const f = $('#a-file').files[0];
  if (!f) return;
  const err = $('#a-error');
  err.hidden = true;
  $('#a-status').textContent = '正在识别 ' + f.name + ' …';
  const q = new URLSearchParams({ name: f.name });
  const cloud = $('#a-cloud').value.trim();
  if (cloud) q.set('cloud_id', cloud);
  const res = await api('/api/v1/archive?' + q, { method: 'POST', body: f,
    headers: { 'Content-Type': f.type || 'application/octet-stream' } });
  $('#a-status').textContent = '';
  if (!res.ok) {
    err.hidden = false;
    err.textContent = await errorText(res);
    if (res.status === 422 && st.me.role === 'admin') $('#a-hand').hidden = false;
    return;
  }
  showResult(await res.json());
  st.offset = 0;
  await loadList();
}

async function download(e) {
  const res = await api(e.links.scan);
  if (!res.ok) { alert(await errorText(res)); return; }
  const blob = await res.blob();
  const a = el('a', { href: URL.createObjectURL(blob), download: e.scan.name || ('scan-' + e.id) });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function loadList() {
  const q = new URLSearchParams({ limit: PAGE, offset: st.offset });
  const add = (k, id) => { const v = $(id).value.trim(); if (v) q.set(k, v); };
  add('unit', '#q-unit'); add('system', '#q-system'); add('cloud_id', '#q-cloud');
  add('kind', '#q-kind'); add('complete', '#q-complete'); add('since', '#q-since'); add('until', '#q-until');
  const res = await api('/api/v1/archive?' + q);
  const body = $('#a-table tbody');
  body.replaceChildren();
  if (!res.ok) { body.append(el('tr', {}, el('td', { colSpan: 6, text: await errorText(res) }))); return; }
  const j = await res.json();
  st.total = j.total;
  for (const e of j.items) {
    const btn = el('button', { type: 'button', class: 'link', text: '下载扫描件' });
    btn.addEventListener('click', () => download(e));
    const show = el('button', { type: 'button', class: 'link', text: '查看' });
    show.addEventListener('click', () => showResult(e));
    body.append(el('tr', {},
      el('td', { text: e.created.replace('T', ' ').slice(0, 16) }),
      el('td', { text: e.cloud_id + (e.match === 'hand' ? '（手工）' : '') + (e.stale ? '（版本不一致）' : '') }),
      el('td', { text: KINDS[e.kind] || e.kind || '' }),
      el('td', { text: (e.unit || '') + ' / ' + (e.system_name || '') }),
      el('td', { class: e.seals_complete ? 'ok' : 'warn', text: sealMarks(e) }),
      el('td', {}, show, ' ', btn)));
  }
  if (!j.items.length) body.append(el('tr', {}, el('td', { colSpan: 6, text: '没有归档记录' })));
  $('#a-page').textContent = j.total ? (st.offset + 1) + '–' + (st.offset + j.items.length) + ' / ' + j.total : '';
  $('#a-prev').disabled = st.offset === 0;
  $('#a-next').disabled = st.offset + PAGE >= j.total;
}

async function start() {
  if (!st.token) { $('#need-login').hidden = false; return; }
  const res = await api('/api/v1/me');
  if (!res.ok) { $('#need-login').hidden = false; return; }
  st.me = await res.json();
  $('#who-text').textContent = ROLES[st.me.role] + (st.me.unit ? '：' + st.me.unit : st.me.provider ? '：' + st.me.provider : '');
  $('#app').hidden = false;
  $('#a-hand').hidden = st.me.role !== 'admin';
  $('#a-list-title').textContent = st.me.role === 'admin' ? '全部归档记录'
    : st.me.role === 'provider' ? '本平台的归档记录' : '本单位的归档记录';
  $('#a-form').addEventListener('submit', upload);
  $('#a-filters').addEventListener('submit', (ev) => { ev.preventDefault(); st.offset = 0; loadList(); });
  $('#a-prev').addEventListener('click', () => { st.offset = Math.max(0, st.offset - PAGE); loadList(); });
  $('#a-next').addEventListener('click', () => { st.offset += PAGE; loadList(); });
  await loadList();
}

document.addEventListener('DOMContentLoaded', start);
