import { relations } from 'drizzle-orm';
import { articleRelations, articles } from './articles';
import { countries } from './countries';
import { memberships, organizations } from './organizations';
import { speakerRoles, speakers } from './speakers';
import { mentions, statementRelations, statements } from './statements';

export const countriesRelations = relations(countries, ({ many }) => ({
  memberships: many(memberships),
  speakers: many(speakers),
  mentions: many(mentions),
}));

export const organizationsRelations = relations(organizations, ({ one, many }) => ({
  country: one(countries, { fields: [organizations.countryId], references: [countries.id] }),
  memberships: many(memberships),
  publishedArticles: many(articles),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.organizationId], references: [organizations.id] }),
  country: one(countries, { fields: [memberships.countryId], references: [countries.id] }),
}));

export const speakersRelations = relations(speakers, ({ one, many }) => ({
  country: one(countries, { fields: [speakers.countryId], references: [countries.id] }),
  roles: many(speakerRoles),
  statements: many(statements),
}));

export const speakerRolesRelations = relations(speakerRoles, ({ one }) => ({
  speaker: one(speakers, { fields: [speakerRoles.speakerId], references: [speakers.id] }),
  organization: one(organizations, { fields: [speakerRoles.organizationId], references: [organizations.id] }),
  country: one(countries, { fields: [speakerRoles.countryId], references: [countries.id] }),
}));

export const articlesRelations = relations(articles, ({ one, many }) => ({
  publisher: one(organizations, { fields: [articles.publisherId], references: [organizations.id] }),
  statements: many(statements),
  mentions: many(mentions),
}));

export const articleRelationsRelations = relations(articleRelations, ({ one }) => ({
  article: one(articles, { fields: [articleRelations.articleId], references: [articles.id] }),
  relatedArticle: one(articles, { fields: [articleRelations.relatedArticleId], references: [articles.id] }),
}));

export const statementsRelations = relations(statements, ({ one, many }) => ({
  article: one(articles, { fields: [statements.articleId], references: [articles.id] }),
  speaker: one(speakers, { fields: [statements.speakerId], references: [speakers.id] }),
  speakerRole: one(speakerRoles, { fields: [statements.speakerRoleId], references: [speakerRoles.id] }),
  mentions: many(mentions),
}));

export const mentionsRelations = relations(mentions, ({ one }) => ({
  article: one(articles, { fields: [mentions.articleId], references: [articles.id] }),
  statement: one(statements, { fields: [mentions.statementId], references: [statements.id] }),
  country: one(countries, { fields: [mentions.countryId], references: [countries.id] }),
  organization: one(organizations, { fields: [mentions.organizationId], references: [organizations.id] }),
  speaker: one(speakers, { fields: [mentions.speakerId], references: [speakers.id] }),
}));

export const statementRelationsRelations = relations(statementRelations, ({ one }) => ({
  from: one(statements, { fields: [statementRelations.fromStatementId], references: [statements.id] }),
  to: one(statements, { fields: [statementRelations.toStatementId], references: [statements.id] }),
}));
