import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The council's published policy (PDF), enclosed with letters that say a copy is enclosed. */
@Entity('policy_document')
export class PolicyDocument {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') title: string;
  @Column('text') filename: string;
  @Column('text', { name: 'content_type' }) contentType: 'application/pdf';
  @Column('bytea') data: Buffer;
  @Column('text') sha256: string;
  @Column('uuid', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
