import type { OrganizationRow } from '../schema';

/**
 * The hand-checked annotation of the first article, seeds/articles/000_3536842f9f6d9ee2.txt.
 * Spans count UTF-16 code units of the file's text, which keeps its two non-breaking spaces;
 * the seed loader refuses any span whose slice is not the statement's text.
 *
 * Facts the text does not carry are marked where they are set: the article has no headline or
 * URL in the source, and its date is inferred from what it reports.
 */

export interface OrganizationSeed {
  slug: string;
  name: string;
  acronym?: string;
  kind: OrganizationRow['kind'];
  country?: string;
  description?: string;
  wikidataId?: string;
  aliases?: string[];
  /** ISO alpha-2 codes of member states. */
  members?: string[];
}

export interface SpeakerSeed {
  slug: string;
  name: string;
  aliases: string[];
  country: string;
  description: string;
  wikidataId?: string;
  roles: { title: string; organization?: string; country?: string; startDate: string; endDate?: string }[];
}

export interface MentionsSeed {
  countries?: string[];
  organizations?: string[];
  speakers?: string[];
}

export interface StatementSeed {
  kind: 'DIRECT_QUOTE' | 'PARAPHRASE';
  speaker: string;
  /** The role title, among the speaker's roles, held when speaking. */
  role: string;
  verb: string;
  span: [start: number, end: number];
  text: string;
  mentions: MentionsSeed;
}

export interface ArticleSeed {
  slug: string;
  file: string;
  title: string;
  publisher: string;
  publishedAt: string;
  dateline: string;
  language: string;
  statements: StatementSeed[];
  /** Named in the article's own narrative, outside any statement. */
  mentions: MentionsSeed;
  related: RelatedSeed[];
  /** Editorial links between statements: `from` is a position in this article, `to` a related headline's statement. */
  statementRelations: { from: number; toHeadlineOf: string; kind: 'SUPPORTS' | 'CONTRADICTS' | 'RESPONDS_TO' | 'REPEATS'; note: string }[];
}

export interface RelatedSeed {
  slug: string;
  title: string;
  kind: 'RELATED_NEWS' | 'READ_MORE';
  /** A claim the headline itself reports, spanned in the title; its speaker is unnamed, so null. */
  headlineStatement?: { span: [start: number, end: number]; text: string };
}

export const GROUP_OF_FRIENDS_MEMBERS = [
  'DZ',
  'AO',
  'BY',
  'BO',
  'KH',
  'CN',
  'CU',
  'KP',
  'GQ',
  'ER',
  'IR',
  'LA',
  'NI',
  'PS',
  'RU',
  'VC',
  'SY',
  'VE',
  'ZW',
];

export const organizationSeeds: OrganizationSeed[] = [
  {
    slug: 'iran-press',
    name: 'Iran Press',
    acronym: 'IP',
    kind: 'MEDIA',
    country: 'IR',
    description: 'Iranian news agency; "(IP)" in a dateline credits it.',
    aliases: ['Iran Press News Agency', 'IP'],
  },
  {
    slug: 'united-nations',
    name: 'United Nations',
    acronym: 'UN',
    kind: 'INTERGOVERNMENTAL',
    description: 'The intergovernmental organization founded in 1945 under the Charter of the United Nations.',
    wikidataId: 'Q1065',
    aliases: ['UN', 'U.N.'],
  },
  {
    slug: 'group-of-friends-in-defense-of-the-un-charter',
    name: 'Group of Friends in Defense of the Charter of the United Nations',
    kind: 'INTERGOVERNMENTAL',
    description: "Formed by 19 countries to preserve, upgrade, and defend the UN Charter's credibility (Iran Press).",
    aliases: ['Group of Friends', 'Group of Friends in Defense of the UN Charter'],
    members: GROUP_OF_FRIENDS_MEMBERS,
  },
  {
    slug: 'ministry-of-foreign-affairs-of-iran',
    name: 'Ministry of Foreign Affairs of Iran',
    kind: 'GOVERNMENT',
    country: 'IR',
    aliases: ['Iranian Foreign Ministry', 'Foreign Ministry of Iran'],
  },
  {
    slug: 'ministry-of-foreign-affairs-of-ukraine',
    name: 'Ministry of Foreign Affairs of Ukraine',
    kind: 'GOVERNMENT',
    country: 'UA',
    aliases: ['Ukrainian Foreign Ministry', 'Foreign Ministry of Ukraine'],
  },
];

export const speakerSeeds: SpeakerSeed[] = [
  {
    slug: 'hossein-amir-abdollahian',
    name: 'Hossein Amir-Abdollahian',
    aliases: ['Amir-Abdollahian', 'Hossein Amirabdollahian', 'Amirabdollahian'],
    country: 'IR',
    description: 'Iranian diplomat, Minister of Foreign Affairs of Iran from 2021 to 2024.',
    roles: [
      {
        title: 'Minister of Foreign Affairs',
        organization: 'ministry-of-foreign-affairs-of-iran',
        country: 'IR',
        startDate: '2021-08-25',
        endDate: '2024-05-19',
      },
    ],
  },
  {
    slug: 'joe-biden',
    name: 'Joe Biden',
    aliases: ['Joseph R. Biden', 'Joseph Robinette Biden Jr.', 'Biden'],
    country: 'US',
    description: 'President of the United States from 2021 to 2025.',
    wikidataId: 'Q6279',
    roles: [{ title: 'President of the United States', country: 'US', startDate: '2021-01-20', endDate: '2025-01-20' }],
  },
  {
    slug: 'ebrahim-raisi',
    name: 'Ebrahim Raisi',
    aliases: ['Raisi', 'Seyyed Ebrahim Raisi'],
    country: 'IR',
    description: 'President of Iran from 2021 to 2024.',
    roles: [{ title: 'President of Iran', country: 'IR', startDate: '2021-08-03', endDate: '2024-05-19' }],
  },
];

const FOREIGN_MINISTER = 'Minister of Foreign Affairs';

export const articleSeeds: ArticleSeed[] = [
  {
    slug: 'iran-sold-drones-to-russia-before-ukraine-war',
    file: '000_3536842f9f6d9ee2.txt',
    // The source text has no headline: this one is the editor's, from the lead.
    title: 'Iran sold a few drones to Russia before the war in Ukraine, says Amir-Abdollahian',
    publisher: 'iran-press',
    // Not in the text: inferred from it. Raisi's answer to Biden's "free Iran" remark of
    // 3 November 2022 came on 4 November, which the minister calls "yesterday".
    publishedAt: '2022-11-05',
    dateline: 'Tehran',
    language: 'en',
    mentions: {
      countries: ['IR', 'RU', 'UA', 'US', ...GROUP_OF_FRIENDS_MEMBERS],
      organizations: ['iran-press', 'united-nations', 'group-of-friends-in-defense-of-the-un-charter'],
      speakers: ['hossein-amir-abdollahian', 'joe-biden'],
    },
    statements: [
      {
        kind: 'PARAPHRASE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'stressed',
        span: [80, 155],
        text: 'the country had sold several drones to Russia before the Russia-Ukraine war',
        mentions: { countries: ['IR', 'RU', 'UA'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'said',
        span: [346, 483],
        text: 'Selling missiles is completely untrue, but\u00a0the drone is true. Months before the war started in Ukraine, we had sold few drones to Russia.',
        mentions: { countries: ['UA', 'RU'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'added',
        span: [549, 692],
        text: 'We asked the Minister of Foreign Affairs of Ukraine to provide us with any evidence that Russia used Iranian drones in the war against Ukraine.',
        mentions: { countries: ['UA', 'RU', 'IR'], organizations: ['ministry-of-foreign-affairs-of-ukraine'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'said',
        span: [798, 1000],
        text: "Mr. Biden received his answer in Dr. Raisi's remarks yesterday, and American officials immediately corrected him after his ill-considered remarks and announced that the US does not have such a position.",
        mentions: { countries: ['US'], speakers: ['joe-biden', 'ebrahim-raisi'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'noted',
        span: [1128, 1300],
        text: 'Of course, the Americans were always looking for regime change in Iran in the past decades. During the nuclear negotiations, we often told them that they have hidden goals.',
        mentions: { countries: ['US', 'IR'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'said',
        span: [1398, 1659],
        text: 'The meeting will be held today in Tehran with the presence of 18 deputy foreign ministers of the member states. Its main purpose is to send a strong message to the international community against the unilateralism and unfair sanctions of some western activists.',
        // "The meeting" is the Group's: the attribution names it ("He said about the Group of Friends...").
        mentions: { organizations: ['group-of-friends-in-defense-of-the-un-charter'] },
      },
      {
        kind: 'DIRECT_QUOTE',
        speaker: 'hossein-amir-abdollahian',
        role: FOREIGN_MINISTER,
        verb: 'said',
        span: [2269, 2553],
        text: 'The meeting was not held, and the reason was that the US and some European countries, especially Germany, asked Ukraine not to meet with Iran. But after that, in a phone call last week with my Ukrainian counterpart, we agreed that if there is any evidence, he should provide it to us.',
        mentions: { countries: ['US', 'DE', 'UA', 'IR'] },
      },
    ],
    related: [
      {
        slug: 'movement-of-students-on-november-4-completes-process-of-fight-against-arrogance',
        title: 'Movement of students on November 4 completes process of fight against arrogance',
        kind: 'RELATED_NEWS',
      },
      {
        slug: 'tehran-hosts-meeting-of-coordinators-of-united-nations-charter-defense',
        title: 'Tehran hosts meeting of coordinators of United Nations Charter defense',
        kind: 'RELATED_NEWS',
      },
      {
        slug: 'amir-abdollahian-iran-ready-for-talks-with-ukraine-over-drone-claims',
        title: 'Amir-Abdollahian: Iran ready for talks with Ukraine over drone claims',
        kind: 'READ_MORE',
      },
      {
        slug: 'spokesman-iran-will-not-give-russia-drones',
        title: 'Spokesman: Iran will not give Russia drones',
        kind: 'READ_MORE',
        headlineStatement: { span: [11, 43], text: 'Iran will not give Russia drones' },
      },
      {
        slug: 'un-probe-into-alleged-use-of-country-drones-in-ukraine-illegal',
        title: 'UN probe into alleged use of country drones in Ukraine, illegal',
        kind: 'READ_MORE',
      },
    ],
    statementRelations: [
      {
        from: 2,
        toHeadlineOf: 'spokesman-iran-will-not-give-russia-drones',
        kind: 'CONTRADICTS',
        note: 'The minister says Iran sold Russia a few drones months before the war; the earlier headline had a spokesman say Iran will not give Russia drones.',
      },
    ],
  },
];
