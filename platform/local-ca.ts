/**
 * The embedded default's TLS (policy: "For transmitting your personal
 * information to us, we use a secure server (SSL)"): on first start, a local
 * certificate authority and a server certificate for this machine's loopback
 * names, kept in the data dir. Stations are given the CA and trust nothing
 * else. A production central office brings its own certificate and key.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** The CA certificate stations must trust. */
  ca: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function serial(): string {
  return forge.util.bytesToHex(forge.random.getBytesSync(16)).replace(/^[89a-f]/, '1');
}

export function createCertificateAuthority(commonName = 'Backlot local CA'): { key: string; cert: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * YEAR_MS);
  const attrs = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Backlot' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

export function issueServerCertificate(ca: { key: string; cert: string }, hosts: readonly string[] = ['localhost', '127.0.0.1', '::1']): { key: string; cert: string } {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * YEAR_MS);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The names (DNS and IP) a certificate is made out for. */
export function certificateNames(certPem: string): string[] {
  const ext = forge.pki.certificateFromPem(certPem).getExtension('subjectAltName') as { altNames?: Array<{ value?: string; ip?: string }> } | null;
  return (ext?.altNames ?? []).map((n) => n.ip ?? n.value ?? '').filter(Boolean);
}

/**
 * `<dir>/tls/`: made once, reused on every start (stations keep trusting the
 * same CA). The server certificate is for this machine's loopback names and
 * any `names` a site gives (the name stations use to reach it,
 * `--local-tls-names`); asked for a name it lacks, it is issued again by the
 * same CA, so stations need nothing new.
 */
export function ensureLocalTls(dir: string, names: readonly string[] = []): TlsMaterial {
  const tls = join(dir, 'tls');
  const files = { caKey: join(tls, 'ca.key'), ca: join(tls, 'ca.crt'), key: join(tls, 'server.key'), cert: join(tls, 'server.crt') };
  const wanted = [...new Set([...LOOPBACK_NAMES, ...names])];
  if (!existsSync(files.cert)) {
    mkdirSync(tls, { recursive: true });
    const ca = createCertificateAuthority();
    const server = issueServerCertificate(ca, wanted);
    writeFileSync(files.caKey, ca.key, { mode: 0o600 });
    writeFileSync(files.ca, ca.cert);
    writeFileSync(files.key, server.key, { mode: 0o600 });
    writeFileSync(files.cert, server.cert);
    chmodSync(files.caKey, 0o600);
  } else if (names.some((n) => !certificateNames(readFileSync(files.cert, 'utf8')).includes(n))) {
    const server = issueServerCertificate({ key: readFileSync(files.caKey, 'utf8'), cert: readFileSync(files.ca, 'utf8') }, wanted);
    writeFileSync(files.key, server.key, { mode: 0o600 });
    writeFileSync(files.cert, server.cert);
  }
  return { key: readFileSync(files.key, 'utf8'), cert: readFileSync(files.cert, 'utf8'), ca: readFileSync(files.ca, 'utf8') };
}
