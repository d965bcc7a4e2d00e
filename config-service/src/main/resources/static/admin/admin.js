// The admin console: one company's security event export, on the same API as curl uses.
// Every text from the server is set with textContent (never parsed as HTML); the page loads no inline script or
// style, so its Content-Security-Policy forbids both.

const LANGUAGES = ['en', 'fr', 'ja', 'ko', 'pt-BR'];
const TOKEN_KEY = 'security-export.token';
const COMPANY_KEY = 'security-export.company';
const LANGUAGE_KEY = 'security-export.language';
const ADMIN_SCOPE = 'security-export:admin';
const MARKS = { PASSED: '✓', FAILED: '✗', WARNING: '⚠', SKIPPED: '–' };

const state = {
  token: null,
  company: null,
  admin: false,
  language: 'en',
  texts: {},
  english: {},
  settings: null, // the saved settings as GET answers them, null when none
  etag: null,
  health: null,
  runs: [],
  runsNext: null,
  trust: null,
  busy: false,
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- session: the token the platform handed over

function decodeClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function scopesOf(claims) {
  if (typeof claims.scope === 'string') return claims.scope.split(' ');
  if (Array.isArray(claims.scp)) return claims.scp;
  if (typeof claims.scp === 'string') return claims.scp.split(' ');
  return [];
}

/** The token comes in the URL fragment (never sent to a server), is kept in sessionStorage only, and leaves the URL. */
function readSession() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get('token'));
    sessionStorage.removeItem(COMPANY_KEY);
    if (fragment.get('company')) sessionStorage.setItem(COMPANY_KEY, fragment.get('company'));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  state.token = sessionStorage.getItem(TOKEN_KEY);
  if (!state.token) return false;
  const claims = decodeClaims(state.token);
  state.company = sessionStorage.getItem(COMPANY_KEY) || claims.company_id || null;
  state.admin = scopesOf(claims).includes(ADMIN_SCOPE);
  return Boolean(state.company);
}

// ---------------------------------------------------------------- texts and formats of the chosen language

function chooseLanguage() {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  for (const wanted of navigator.languages || [navigator.language]) {
    const exact = LANGUAGES.find((l) => l.toLowerCase() === String(wanted).toLowerCase());
    if (exact) return exact;
    const primary = String(wanted).split('-')[0].toLowerCase();
    const near = LANGUAGES.find((l) => l.split('-')[0] === primary);
    if (near) return near;
  }
  return 'en';
}

async function loadTexts(language) {
  const response = await fetch(`/admin/i18n/${language}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`texts ${language}: HTTP ${response.status}`);
  return response.json();
}

function t(key, params = {}) {
  let text = state.texts[key] ?? state.english[key] ?? key;
  for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

function applyTexts() {
  document.documentElement.lang = state.language;
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  $('language').value = state.language;
  updateFolderHint();
}

async function switchLanguage(language) {
  state.language = language;
  state.texts = language === 'en' ? state.english : await loadTexts(language);
  applyTexts();
}

const formats = {
  day(iso) {
    if (!iso) return '—';
    const [y, m, d] = iso.split('-').map(Number);
    return new Intl.DateTimeFormat(state.language, { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(Date.UTC(y, m - 1, d)));
  },
  instant(iso) {
    if (!iso) return '—';
    return new Intl.DateTimeFormat(state.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  },
  number(n) {
    return n == null ? '—' : new Intl.NumberFormat(state.language).format(n);
  },
  bytes(n) {
    if (n == null) return '—';
    const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
    let value = n;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return new Intl.NumberFormat(state.language, {
      style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1,
    }).format(value);
  },
  duration(ms) {
    if (ms == null) return '—';
    const seconds = ms / 1000;
    const [value, unit] = seconds < 120 ? [seconds, 'second'] : [seconds / 60, 'minute'];
    return new Intl.NumberFormat(state.language, {
      style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1,
    }).format(value);
  },
};

// ---------------------------------------------------------------- the API

async function api(method, path, { body, headers = {} } = {}) {
  const url = `/api/v1/companies/${encodeURIComponent(state.company)}/security-export${path}`;
  const response = await fetch(url, {
    method,
    cache: 'no-store',
    headers: {
      Authorization: `Bearer ${state.token}`,
      Accept: 'application/json, application/problem+json',
      'Accept-Language': state.language,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.status === 401) showBanner(t('sessionEnded'));
  if (response.status === 403 && method === 'GET') showBanner(t('forbidden'));
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

function problemText(answer) {
  const problem = answer.data || {};
  return problem.detail || problem.title || t('unexpected', { status: answer.status });
}

// ---------------------------------------------------------------- banner and small helpers

function showBanner(text, { reload = false } = {}) {
  $('banner-text').textContent = text;
  $('banner-reload').hidden = !reload;
  $('banner').hidden = false;
}

function hideBanner() {
  $('banner').hidden = true;
}

function element(tag, { text, className, attrs = {} } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}

async function copyFrom(id) {
  const text = $(id).textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = element('textarea', { attrs: { 'aria-hidden': 'true' } });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  $('copy-status').textContent = t('copied');
}

// ---------------------------------------------------------------- health

function renderHealth() {
  const health = state.health;
  if (!health) return;
  const status = $('health-status');
  status.textContent = t(`status_${health.status}`);
  status.className = `status ${health.status}`;
  $('health-summary').textContent = health.summary || '';
  $('health-last-success').textContent = formats.day(health.lastSuccessfulDay);
  $('health-failing-since').textContent = formats.instant(health.failingSince);
  const pending = health.pendingDays || [];
  $('health-pending').textContent = pending.length === 0
    ? t('none')
    : t('pendingDays', {
      count: formats.number(pending.length),
      oldest: formats.day(health.oldestPendingDay),
      leaves: formats.day(health.oldestPendingLeavesOn),
      left: formats.number(health.daysLeft),
    });
  const check = health.credentialCheck;
  $('health-check').textContent = !check
    ? '—'
    : check.passed
      ? t('checkPassed', { when: formats.instant(check.checkedAt) })
      : t('checkFailed', { when: formats.instant(check.checkedAt), message: check.message || check.errorCode || '' });
  $('health').hidden = false;
}

async function loadHealth() {
  const answer = await api('GET', '/health');
  if (answer.ok) {
    state.health = answer.data;
    renderHealth();
  }
}

// ---------------------------------------------------------------- settings form

function method() {
  return document.querySelector('input[name=method]:checked').value;
}

function showMethod() {
  const role = method() === 'ROLE_ARN';
  $('access-key-fields').hidden = role;
  $('role-fields').hidden = !role;
  $('trust-panel').hidden = !role;
  if (role) loadTrust();
}

function updateFolderHint() {
  const folder = $('folderPath').value.trim() || 'security-events';
  $('folderPath-hint').textContent = t('folderPathHint', { folder });
}

function storedAccessKey() {
  const credentials = state.settings && state.settings.credentials;
  return credentials && credentials.method === 'ACCESS_KEY' ? credentials : null;
}

function fillForm() {
  const settings = state.settings;
  $('enabled').checked = settings ? settings.enabled : true;
  $('bucket').value = settings ? settings.bucket : '';
  $('region').value = settings ? settings.region : '';
  $('folderPath').value = settings ? settings.folderPath : '';
  $('serverSideEncryption').checked = settings ? settings.serverSideEncryption : true;
  $('gzip').checked = settings ? settings.gzip : false;
  const credentials = settings ? settings.credentials : { method: 'ACCESS_KEY' };
  $(credentials.method === 'ROLE_ARN' ? 'method-role' : 'method-access-key').checked = true;
  $('roleArn').value = credentials.roleArn || '';
  $('accessKeyId').value = '';
  $('secretAccessKey').value = '';
  const stored = storedAccessKey();
  $('accessKeyId').placeholder = stored ? t('keyIdSet', { last4: stored.accessKeyIdLast4 }) : 'AKIA…';
  $('accessKeyId-hint').textContent = stored ? t('keyIdSetHint', { last4: stored.accessKeyIdLast4 }) : '';
  $('secretAccessKey').placeholder = stored ? t('secretSet') : '';
  $('secretAccessKey-hint').textContent = stored ? t('secretSetHint') : '';
  clearErrors();
  updateFolderHint();
  showMethod();
}

function optional(value) {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The form as the API's JSON; the key pair left out when blank on an update (the stored one is kept). */
function formBody() {
  const body = {
    enabled: $('enabled').checked,
    bucket: $('bucket').value.trim(),
    region: optional($('region').value),
    folderPath: optional($('folderPath').value),
    serverSideEncryption: $('serverSideEncryption').checked,
    gzip: $('gzip').checked,
  };
  if (method() === 'ROLE_ARN') {
    body.credentials = { method: 'ROLE_ARN', roleArn: $('roleArn').value.trim() };
  } else {
    body.credentials = { method: 'ACCESS_KEY' };
    const keyId = optional($('accessKeyId').value);
    const secret = $('secretAccessKey').value === '' ? undefined : $('secretAccessKey').value;
    if (keyId !== undefined || secret !== undefined || !storedAccessKey()) body.credentials.accessKeyId = keyId ?? '';
    if (secret !== undefined) body.credentials.secretAccessKey = secret;
  }
  return body;
}

function clearErrors() {
  for (const error of document.querySelectorAll('#settings-form .error')) error.textContent = '';
  for (const input of document.querySelectorAll('#settings-form [aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** Field errors from a 400 problem next to their fields, the same sentences the API answered. */
function showFieldErrors(problem, formId, fallbackId) {
  const unplaced = [];
  for (const { field, message } of problem.errors || []) {
    const slot = document.querySelector(`#${formId} .error[data-field="${CSS.escape(field)}"]`);
    if (slot) {
      slot.textContent = message;
      const input = document.querySelector(`[aria-describedby~="${slot.id}"]`);
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${field}: ${message}`);
    }
  }
  const fallback = $(fallbackId);
  fallback.textContent = unplaced.length > 0 || !(problem.errors || []).length
    ? [problem.detail || problem.title, ...unplaced].filter(Boolean).join(' — ')
    : '';
  const first = document.querySelector(`#${formId} [aria-invalid=true]`);
  if (first) first.focus();
}

async function loadSettings() {
  const answer = await api('GET', '');
  if (answer.status === 404) {
    state.settings = null;
    state.etag = null;
  } else if (answer.ok) {
    state.settings = answer.data;
    state.etag = answer.headers.get('ETag');
    if (answer.data.health) {
      state.health = answer.data.health;
      renderHealth();
    }
  } else {
    return;
  }
  fillForm();
  $('settings').hidden = false;
}

async function loadTrust() {
  const query = new URLSearchParams();
  const bucket = $('bucket').value.trim();
  const folder = $('folderPath').value.trim();
  if (bucket) query.set('bucket', bucket);
  if (folder) query.set('folderPath', folder);
  const answer = await api('GET', `/aws-trust${query.toString() ? `?${query}` : ''}`);
  if (!answer.ok) return;
  state.trust = answer.data;
  $('trust-account').textContent = answer.data.accountId;
  $('trust-external-id').textContent = answer.data.externalId;
  $('trust-policy').textContent = JSON.stringify(answer.data.trustPolicy, null, 2);
  $('permission-policy').textContent = JSON.stringify(answer.data.permissionPolicy, null, 2);
}

function renderChecks(checks, passed) {
  const list = $('checks');
  list.replaceChildren();
  for (const check of checks) {
    const code = check.awsErrorCode ? ` (${check.awsErrorCode})` : '';
    list.append(element('li', { className: `check ${check.status}`, attrs: { 'data-check': check.check } }, [
      element('span', { className: `mark status ${check.status}`, text: MARKS[check.status] || '?', attrs: { 'aria-hidden': 'true' } }),
      element('strong', { text: check.check }),
      ' ',
      element('span', { className: `status ${check.status}`, text: `${t(`check_${check.status}`)}${code}` }),
      ': ',
      element('span', { className: 'sentence', text: check.message || '' }),
    ]));
  }
  $('test-summary').textContent = passed ? t('testPassed') : t('testFailed');
  $('role-wait-hint').hidden = !checks.some((c) => c.check === 'AssumeRole' && c.status === 'FAILED'
    && c.awsErrorCode === 'AccessDenied');
  $('test-results').hidden = false;
}

async function testCredentials() {
  clearErrors();
  $('save-anyway').hidden = true;
  $('form-status').textContent = t('testing');
  setBusy(true);
  try {
    const answer = await api('POST', '/test', { body: formBody() });
    $('form-status').textContent = '';
    if (answer.ok) {
      renderChecks(answer.data.checks, answer.data.passed);
      $('test-results').focus();
    } else if (answer.status === 400) {
      showFieldErrors(answer.data || {}, 'settings-form', 'form-error');
    } else {
      $('form-error').textContent = problemText(answer);
    }
  } finally {
    setBusy(false);
  }
}

async function save(anyway = false) {
  clearErrors();
  $('form-status').textContent = t('saving');
  setBusy(true);
  try {
    const headers = state.etag ? { 'If-Match': state.etag } : {};
    const answer = await api('PUT', anyway ? '?saveAnyway=true' : '', { body: formBody(), headers });
    $('form-status').textContent = '';
    if (answer.ok) {
      state.settings = answer.data;
      state.etag = answer.headers.get('ETag');
      $('save-anyway').hidden = true;
      fillForm();
      $('form-status').textContent = t('saved');
      loadHealth();
      loadRuns();
    } else if (answer.status === 412 || answer.status === 428) {
      showBanner(t('changedMeanwhile'), { reload: true });
    } else if (answer.status === 422 && answer.data && answer.data.checks) {
      renderChecks(answer.data.checks, false);
      $('save-anyway').hidden = !state.admin;
      $('form-error').textContent = t('notSavedChecks');
    } else if (answer.status === 400) {
      showFieldErrors(answer.data || {}, 'settings-form', 'form-error');
    } else {
      $('form-error').textContent = problemText(answer);
    }
  } finally {
    setBusy(false);
  }
}

// ---------------------------------------------------------------- run history

function runRow(run) {
  const sha = run.sha256 ? element('code', { text: run.sha256 }) : '—';
  const again = element('button', {
    text: t('exportAgain'),
    className: 'again',
    attrs: { type: 'button', 'data-day': run.day, 'aria-label': t('exportAgainLabel', { day: formats.day(run.day) }) },
  });
  again.disabled = !state.admin || !retained(run.day);
  again.addEventListener('click', () => requestDay(run.day));
  return element('tr', { attrs: { 'data-job': run.jobId } }, [
    element('td', {}, [element('time', { text: formats.day(run.day), attrs: { datetime: run.day } })]),
    element('td', { text: t(`trigger_${run.trigger}`) }),
    element('td', { className: `status ${run.status}`, text: t(`status_${run.status}`) }),
    element('td', { className: 'num', text: formats.number(run.rows) }),
    element('td', { className: 'num', text: formats.bytes(run.bytes), attrs: run.bytes == null ? {} : { title: `${run.bytes} B` } }),
    element('td', { className: 'sha' }, [sha]),
    element('td', { className: 'num', text: formats.duration(run.durationMillis) }),
    element('td', { className: 'num', text: formats.number(run.attempt) }),
    element('td', { className: 'error-cell', text: run.errorMessage || '' }),
    element('td', {}, [again]),
  ]);
}

/** Days older than the retention can no longer be exported (the API refuses them anyway, with a sentence). */
function retained(day) {
  return day >= $('backfill-day').min;
}

function renderRuns() {
  $('runs-body').replaceChildren(...state.runs.map(runRow));
  $('runs-empty').hidden = state.runs.length > 0;
  $('runs-more').hidden = !state.runsNext;
}

function nextLink(headers) {
  const link = headers.get('Link') || '';
  const match = /<([^>]+)>;\s*rel="next"/.exec(link);
  return match ? match[1] : null;
}

async function loadRuns(more = false) {
  const path = more && state.runsNext ? state.runsNext.replace(/^.*\/security-export/, '') : '/runs?limit=20';
  const answer = await api('GET', path);
  if (!answer.ok) {
    if (answer.status === 404) {
      state.runs = [];
      state.runsNext = null;
      renderRuns();
      $('runs').hidden = false;
    }
    return;
  }
  state.runs = more ? state.runs.concat(answer.data) : answer.data;
  state.runsNext = nextLink(answer.headers);
  renderRuns();
  $('runs').hidden = false;
}

async function requestDay(day) {
  $('backfill-error').textContent = '';
  $('backfill-status').textContent = '';
  const answer = await api('POST', '/runs', { body: { day } });
  if (answer.ok) {
    $('backfill-status').textContent = t('dayRequested', { day: formats.day(day) });
    await loadRuns();
  } else if (answer.status === 400) {
    showFieldErrors(answer.data || {}, 'backfill-form', 'backfill-error');
  } else {
    $('backfill-error').textContent = problemText(answer);
  }
}

function setRetentionWindow() {
  const oldest = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  $('backfill-day').min = oldest;
  if (!$('backfill-day').value) $('backfill-day').value = todayUtc();
}

// ---------------------------------------------------------------- notification channels

function channelItem(channel) {
  const where = channel.kind === 'email' ? (channel.addresses || []).join(', ') : channel.url;
  const test = element('button', {
    text: t('testChannel'), attrs: { type: 'button', 'aria-label': t('testChannelLabel', { where }) },
  });
  const remove = element('button', {
    text: t('removeChannel'), attrs: { type: 'button', 'aria-label': t('removeChannelLabel', { where }) },
  });
  test.disabled = !state.admin;
  remove.disabled = !state.admin;
  const result = element('span', { className: 'hint', attrs: { role: 'status' } });
  test.addEventListener('click', async () => {
    const answer = await api('POST', `/channels/${encodeURIComponent(channel.id)}/test`);
    result.textContent = answer.ok ? t('testQueued') : problemText(answer);
  });
  remove.addEventListener('click', async () => {
    if (!window.confirm(t('removeConfirm', { where }))) return;
    const answer = await api('DELETE', `/channels/${encodeURIComponent(channel.id)}`);
    if (answer.ok) loadChannels();
    else result.textContent = problemText(answer);
  });
  return element('li', { attrs: { 'data-channel': channel.id } }, [
    element('strong', { text: t(channel.kind === 'email' ? 'kindEmail' : 'kindWebhook') }),
    element('span', { className: 'where', text: where }),
    element('span', { className: `status ${channel.status}`, text: t(`channel_${channel.status}`) }),
    channel.consecutiveFailures > 0
      ? element('span', { className: 'hint', text: t('failures', { count: formats.number(channel.consecutiveFailures) }) })
      : '',
    test,
    remove,
    result,
  ]);
}

async function loadChannels() {
  const answer = await api('GET', '/channels');
  if (!answer.ok) return;
  $('channel-list').replaceChildren(...answer.data.map(channelItem));
  $('channels-empty').hidden = answer.data.length > 0;
  $('channels').hidden = false;
}

function showChannelKind() {
  const email = $('channel-kind').value === 'email';
  $('channel-url-field').hidden = email;
  $('channel-addresses-field').hidden = !email;
}

async function addChannel(event) {
  event.preventDefault();
  for (const error of document.querySelectorAll('#channel-form .error')) error.textContent = '';
  const email = $('channel-kind').value === 'email';
  const body = email
    ? { kind: 'email', addresses: $('channel-addresses').value.split(/[\n,]+/).map((a) => a.trim()).filter(Boolean) }
    : { kind: 'webhook', url: $('channel-url').value.trim() };
  const answer = await api('POST', '/channels', { body });
  if (answer.ok) {
    $('channel-url').value = '';
    $('channel-addresses').value = '';
    $('channel-status').textContent = t('channelAdded');
    if (answer.data.secret) {
      $('channel-secret-value').textContent = answer.data.secret;
      $('channel-secret').hidden = false;
    }
    loadChannels();
  } else if (answer.status === 400) {
    const problem = answer.data || {};
    problem.errors = (problem.errors || []).map((e) => ({ ...e, field: e.field.replace(/\[\d+\]$/, '') }));
    showFieldErrors(problem, 'channel-form', 'channel-form-error');
  } else {
    $('channel-form-error').textContent = problemText(answer);
  }
}

// ---------------------------------------------------------------- read-only and busy states

function setBusy(busy) {
  state.busy = busy;
  applyAccess();
}

function applyAccess() {
  const locked = !state.admin;
  for (const control of document.querySelectorAll('#settings-form input, #backfill-form input, #backfill-form button,'
    + ' #channel-form input, #channel-form select, #channel-form textarea, #channel-form button')) {
    control.disabled = locked;
  }
  $('save').disabled = locked || state.busy;
  $('test-credentials').disabled = locked || state.busy;
  $('save-anyway').disabled = locked || state.busy;
  $('readonly-note').hidden = !locked;
  $('access-badge').textContent = t(locked ? 'readOnly' : 'admin');
}

// ---------------------------------------------------------------- start

function wire() {
  // a new link from the platform while the page is open (same page, new fragment): start over with its token
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(window.location.hash.slice(1)).has('token')) window.location.reload();
  });
  $('language').addEventListener('change', async (event) => {
    localStorage.setItem(LANGUAGE_KEY, event.target.value);
    await switchLanguage(event.target.value);
    if (state.company) await refresh();
  });
  for (const radio of document.querySelectorAll('input[name=method]')) radio.addEventListener('change', showMethod);
  $('folderPath').addEventListener('input', updateFolderHint);
  for (const id of ['bucket', 'folderPath']) {
    $(id).addEventListener('change', () => {
      if (method() === 'ROLE_ARN') loadTrust();
    });
  }
  $('test-credentials').addEventListener('click', testCredentials);
  $('settings-form').addEventListener('submit', (event) => {
    event.preventDefault();
    save(false);
  });
  $('save-anyway').addEventListener('click', () => save(true));
  $('banner-close').addEventListener('click', hideBanner);
  $('banner-reload').addEventListener('click', async () => {
    hideBanner();
    await loadSettings();
    $('form-status').textContent = t('reloaded');
  });
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', () => copyFrom(button.dataset.copy));
  }
  $('backfill-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const day = $('backfill-day').value;
    if (!day) {
      $('backfill-error').textContent = t('dayRequired');
      return;
    }
    requestDay(day);
  });
  $('runs-more').addEventListener('click', () => loadRuns(true));
  $('channel-kind').addEventListener('change', showChannelKind);
  $('channel-form').addEventListener('submit', addChannel);
  $('channel-secret-done').addEventListener('click', () => {
    $('channel-secret-value').textContent = '';
    $('channel-secret').hidden = true;
  });
}

async function refresh() {
  await Promise.all([loadSettings(), loadHealth(), loadRuns(), loadChannels()]);
  applyAccess();
}

async function start() {
  state.english = await loadTexts('en');
  await switchLanguage(chooseLanguage());
  wire();
  if (!readSession()) {
    $('signed-out').hidden = false;
    document.body.dataset.ready = 'signed-out';
    return;
  }
  $('company-id').textContent = state.company;
  setRetentionWindow();
  applyAccess();
  await refresh();
  document.body.dataset.ready = 'true';
}

start();
