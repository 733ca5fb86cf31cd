/** The GCP review report: who reads what as which identity and where, writers, rotation, diagram, estimate. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGcpReport, renderGcpMarkdown, writeGcpReports } from '../../lib/gcp/report';
import { gcpExampleSpec, loadGcp } from './support/gcp-spec';

describe('GCP review report', () => {
  const model = loadGcp(gcpExampleSpec());
  const prod = model.environments.find((e) => e.name === 'prod')!;
  const report = buildGcpReport(model, prod);

  it('names each function\'s service account and what it reads, secure parameters as secrets', () => {
    expect(report.access.find((a) => a.function === 'webhook-handler' && a.path === 'stripe/webhook-secret')).toEqual({
      function: 'webhook-handler',
      identity: 'acme-payments-prod-webh-f131cf@acme-payments-prod.iam.gserviceaccount.com',
      kind: 'parameter',
      path: 'stripe/webhook-secret',
      id: 'acme-payments_prod_param_stripe__webhook-secret',
      locations: ['europe-west1', 'europe-west3', 'us-east1'],
      role: 'roles/secretmanager.secretAccessor',
    });
  });

  it('lists the sync, the rotations and the audit prices it could not count', () => {
    expect(report.writers).toEqual([
      {
        sync: 'doppler',
        identity: 'acme-payments-prod-sync-f6cd5a@acme-payments-prod.iam.gserviceaccount.com',
        principal: 'serviceAccount:doppler-acme@doppler-integrations.iam.gserviceaccount.com',
        secrets: ['stripe/api-key', 'stripe/webhook-secret'],
        reads: false,
      },
    ]);
    expect(report.rotation).toEqual([
      { path: 'auth/signing-key', periodHours: 2160, rotator: 'acme-payments-prod-rotation' },
      { path: 'db/password', periodHours: 720, rotator: 'acme-payments-prod-rotation' },
    ]);
    expect(report.auditNotCounted.map((n) => n.price)).toEqual(['cloudLoggingStorage', 'cloudMonitoringAlerting']);
  });

  it('counts accesses from the spec\'s stated load', () => {
    expect(report.cost.lines.find((l) => l.price === 'secretAccess')?.quantity).toBeGreaterThan(0);
  });

  it('renders Markdown with the table, the diagram and the estimate, and writes one pair of files per environment', () => {
    const md = renderGcpMarkdown(report);
    expect(md).toMatch(/^# acme-payments-prod \(Google Cloud project `acme-payments-prod`\)/);
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toContain('| **total** |');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcp-report-'));
    try {
      const written = writeGcpReports(model, dir, { handles: new Map() }).map((f) => path.relative(dir, f));
      expect(written).toEqual(['dev', 'prod', 'staging'].flatMap((e) => [`reports/acme-payments-${e}.md`, `reports/acme-payments-${e}.json`]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
