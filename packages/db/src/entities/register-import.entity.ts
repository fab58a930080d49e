import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one register import created. */
export interface RegisterImportCounts {
  customers: number;
  cases: number;
  decisions: number;
  restrictions: number;
}

/**
 * A council's register brought in from a spreadsheet, once per file (by its
 * SHA-256). Holds the file's hash, name and column mapping, never a cell.
 */
@Entity('register_import')
export class RegisterImport {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') sha256: string;
  @Column('text') filename: string;
  @Column('text') format: 'csv' | 'xlsx';
  /** Source column header → Conduct field. */
  @Column('jsonb') mapping: { column: string; field: string }[];
  @Column('uuid', { name: 'policy_version_id' }) policyVersionId: string;
  @Column('integer', { name: 'row_count' }) rowCount: number;
  @Column('jsonb') counts: RegisterImportCounts;
  @Column('uuid', { name: 'imported_by' }) importedBy: string;
  @Column('timestamptz', { name: 'imported_at' }) importedAt: Date;
}
