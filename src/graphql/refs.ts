import type {
  ArticleRow,
  CountryRow,
  MembershipRow,
  OrganizationRow,
  SpeakerRoleRow,
  SpeakerRow,
  StatementRelationRow,
  StatementRow,
  MentionRow,
} from '../../schema';
import { builder } from './builder';

/**
 * The object refs, declared apart from their fields so that each type's file can point at the
 * others (an Article lists Statements, a Statement has an Article) without import cycles.
 */
export const ArticleRef = builder.objectRef<ArticleRow>('Article');
export const StatementRef = builder.objectRef<StatementRow>('Statement');
export const SpeakerRef = builder.objectRef<SpeakerRow>('Speaker');
export const SpeakerRoleRef = builder.objectRef<SpeakerRoleRow>('SpeakerRole');
export const CountryRef = builder.objectRef<CountryRow>('Country');
export const OrganizationRef = builder.objectRef<OrganizationRow>('Organization');
export const MembershipRef = builder.objectRef<MembershipRow>('Membership');
export const StatementRelationRef = builder.objectRef<StatementRelationRow>('StatementRelation');
export const MentionRef = builder.objectRef<MentionRow>('Mention');

// One connection type per node type, shared by every field that lists it (as GitHub's API
// does), so that clients can reuse fragments and generated types across fields.
export const ArticleConnection = builder.connectionObject({ type: ArticleRef, name: 'ArticleConnection' }, { name: 'ArticleEdge' });
export const StatementConnection = builder.connectionObject({ type: StatementRef, name: 'StatementConnection' }, { name: 'StatementEdge' });
export const SpeakerConnection = builder.connectionObject({ type: SpeakerRef, name: 'SpeakerConnection' }, { name: 'SpeakerEdge' });
export const CountryConnection = builder.connectionObject({ type: CountryRef, name: 'CountryConnection' }, { name: 'CountryEdge' });
export const OrganizationConnection = builder.connectionObject(
  { type: OrganizationRef, name: 'OrganizationConnection' },
  { name: 'OrganizationEdge' },
);
export const MembershipConnection = builder.connectionObject(
  { type: MembershipRef, name: 'MembershipConnection' },
  { name: 'MembershipEdge' },
);
