/**
 * Words the generated news is made of: real news vocabulary (drones, sanctions, ceasefire...),
 * so that full-text search finds realistic numbers of matches. ASCII only, so UTF-16 spans and
 * character counts agree.
 */

/** Topics in rough order of how often they come up; the generator draws them Zipf-like. */
export const TOPICS = [
  'drones',
  'sanctions',
  'missiles',
  'the ceasefire',
  'the election',
  'peace talks',
  'air defense systems',
  'the nuclear program',
  'humanitarian aid',
  'oil prices',
  'grain exports',
  'the gas pipeline',
  'troops on the border',
  'refugees',
  'inflation',
  'tariffs',
  'cyberattacks',
  'the arms embargo',
  'warships',
  'the peace plan',
  'military exercises',
  'the prisoner exchange',
  'energy supplies',
  'the trade agreement',
  'the climate targets',
  'the security guarantees',
  'the frozen assets',
  'the reconstruction fund',
  'the uranium enrichment',
  'the naval blockade',
  'ballistic missiles',
  'artillery shells',
  'fighter jets',
  'the drone strikes',
  'the border crossing',
  'the power grid',
  'the debt relief',
  'the vaccine supplies',
  'food prices',
  'the interest rates',
  'the referendum',
  'the protests',
  'the opposition leaders',
  'the journalists in detention',
  'the hostages',
  'the evacuation corridors',
  'the mining deal',
  'the satellite launch',
  'the shipping lanes',
  'the migration pact',
];

export const VERB_PHRASES = [
  'will not accept',
  'is ready to discuss',
  'strongly condemns',
  'welcomes',
  'is deeply concerned about',
  'denies any role in',
  'will continue to support',
  'has never supplied',
  'is preparing new measures on',
  'calls for an urgent debate on',
  'rejects the claims about',
  'has asked for guarantees on',
  'expects progress on',
  'cannot ignore',
  'has delivered',
  'is investigating reports of',
  'will respond firmly to',
  'remains committed to',
  'is open to talks on',
  'warns against',
];

/** Singular subjects, since the verb phrases are third person singular. */
export const SUBJECTS = [
  'Our government',
  'The government',
  'Our country',
  'The ministry',
  'The coalition',
  'Our delegation',
  'This administration',
  'The alliance',
  'My office',
  'The president',
];

export const TAILS = [
  'and we expect the same from our partners',
  'despite the pressure from abroad',
  'as long as the talks continue',
  'and this position has not changed',
  'before the end of the year',
  'in full respect of international law',
  'without any preconditions',
  'and the evidence will be shared with the United Nations',
  'as agreed at the last summit',
  'whatever the other side says',
];

export const NARRATIVE = [
  'The remarks came after weeks of tension over {topic}.',
  '{country} and {country2} have been at odds over {topic} since {year}.',
  'Officials in {country} did not respond to a request for comment on {topic}.',
  'Analysts say {topic} will dominate the agenda of the next summit.',
  'The United Nations Security Council is due to discuss {topic} next week.',
  'Diplomats from {country} met their counterparts from {country2} on the sidelines of the meeting.',
  'Reports about {topic} have circulated for months, but no evidence has been made public.',
  'The dispute over {topic} has already affected markets in {country}.',
  '{country} announced new measures on {topic} earlier this month.',
  'The European Union and the United States have both raised concerns about {topic}.',
];

export const HEADLINE_VERBS = [
  'weighs',
  'rejects',
  'pushes for',
  'warns over',
  'denies',
  'signals shift on',
  'defends',
  'cracks down on',
  'seeks talks on',
  'steps up',
];

export const HEADLINE_ENDINGS = [
  'as tensions rise',
  'amid {topic}',
  'ahead of summit',
  'after talks stall',
  'as allies watch',
  'in new statement',
  '',
  '',
];

export const ATTRIBUTION_VERBS = [
  'said',
  'said',
  'said',
  'told reporters',
  'added',
  'noted',
  'stressed',
  'warned',
  'claimed',
  'insisted',
  'argued',
  'announced',
  'acknowledged',
  'explained',
];

export const FIRST_NAMES = [
  'Anna', 'Boris', 'Carlos', 'Daniela', 'Emmanuel', 'Fatima', 'Gerhard', 'Hassan', 'Irina', 'Javier',
  'Kofi', 'Lena', 'Mohammed', 'Nadia', 'Olaf', 'Priya', 'Qasim', 'Rosa', 'Sergei', 'Tamara',
  'Umar', 'Valentina', 'Wang', 'Xavier', 'Yulia', 'Zainab', 'Ahmed', 'Beatriz', 'Chen', 'Dmitri',
  'Elena', 'Farid', 'Giorgia', 'Hiroshi', 'Ibrahim', 'Jana', 'Kenji', 'Leila', 'Mikhail', 'Noura',
  'Oleksandr', 'Pedro', 'Rania', 'Samuel', 'Tomasz', 'Ursula', 'Viktor', 'William', 'Yusuf', 'Zhang',
  'Abdullah', 'Bianca', 'Cyril', 'Dilnoza', 'Erik', 'Fernando', 'Grace', 'Hamid', 'Ines', 'Jorge',
  'Karim', 'Lucia', 'Marta', 'Nikolai', 'Omar', 'Pavel', 'Reza', 'Sofia', 'Tariq', 'Vera',
];

export const LAST_NAMES = [
  'Abbasi', 'Baerbock', 'Castillo', 'Dimitrov', 'Erdem', 'Fischer', 'Gonzalez', 'Haddad', 'Ivanova', 'Jansen',
  'Kowalski', 'Lavrenko', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Qureshi', 'Rahimi', 'Schneider', 'Tanaka',
  'Usmanov', 'Vasquez', 'Weber', 'Xu', 'Yilmaz', 'Zhukov', 'Amini', 'Bondarenko', 'Costa', 'Dubois',
  'Eriksen', 'Farahani', 'Garcia', 'Hoffmann', 'Ito', 'Jovanovic', 'Karimi', 'Lindqvist', 'Mendes', 'Nakamura',
  'Orlov', 'Popescu', 'Rossi', 'Sato', 'Tkachenko', 'Umarov', 'Volkov', 'Wojcik', 'Yamamoto', 'Zaman',
  'Alvarez', 'Becker', 'Chaudhry', 'Demir', 'Esposito', 'Fonseca', 'Grigoryan', 'Horvat', 'Iqbal', 'Juarez',
  'Kuznetsov', 'Lopez', 'Mansour', 'Nazari', 'Olsen', 'Park', 'Romanov', 'Silva', 'Torres', 'Vogel',
  'Walker', 'Yadav', 'Zeller', 'Ahmadi', 'Brandt', 'Cohen', 'Diallo', 'Evans', 'Ferrari', 'Gupta',
];

/** Countries the news names most, by ISO code, most frequent first; the rest follow at random. */
export const NEWS_COUNTRIES = [
  'US', 'RU', 'UA', 'CN', 'IR', 'DE', 'FR', 'GB', 'IL', 'TR',
  'IN', 'JP', 'KP', 'KR', 'SY', 'IQ', 'SA', 'PK', 'AF', 'PS',
  'PL', 'BY', 'BR', 'EG', 'IT', 'QA', 'AE', 'VE', 'CA', 'AU',
  'LB', 'YE', 'ES', 'MX', 'NG', 'ZA', 'ET', 'SD', 'LY', 'AZ',
  'AM', 'GE', 'KZ', 'HU', 'NL', 'SE', 'FI', 'NO', 'TW', 'PH',
];

export const MEDIA_PLACES = [
  'Northern', 'Eastern', 'Western', 'Southern', 'Atlantic', 'Pacific', 'Global', 'Continental', 'Baltic',
  'Caspian', 'Alpine', 'Coastal', 'Metropolitan', 'National', 'Independent', 'Free', 'United', 'Capital',
  'Evening', 'Morning', 'Daily', 'Weekly', 'Central', 'Frontier', 'Harbor', 'Mountain', 'River', 'Desert',
];
export const MEDIA_NOUNS = [
  'Herald', 'Tribune', 'Times', 'Post', 'Press Agency', 'News Network', 'Broadcasting Service', 'Chronicle',
  'Observer', 'Gazette', 'Dispatch', 'Wire', 'Monitor', 'Journal', 'Radio', 'Television', 'Courier', 'Review',
];
export const PORTFOLIOS = [
  'Foreign Affairs', 'Defense', 'Finance', 'Energy', 'Interior', 'Trade', 'Health', 'Justice', 'Economy',
  'Agriculture', 'Transport', 'Education',
];
export const IGO_BODIES = ['Council', 'Organization', 'Union', 'Commission', 'Forum', 'Alliance', 'Conference', 'Agency', 'Partnership', 'Community'];
export const IGO_PURPOSES = [
  'Regional Security', 'Maritime Cooperation', 'Economic Integration', 'Nuclear Safety', 'Energy Transit',
  'Food Security', 'Arms Control', 'Migration Policy', 'Digital Trade', 'Water Resources', 'Disaster Relief',
  'Fisheries', 'Civil Aviation', 'Public Health', 'Climate Action', 'Development Finance',
];
export const IGO_REGIONS = [
  'Atlantic', 'Pacific', 'Arctic', 'Mediterranean', 'Black Sea', 'Caspian', 'Baltic', 'African', 'Asian',
  'European', 'American', 'Eurasian', 'Gulf', 'Andean', 'Danube', 'Nordic', 'Central Asian', 'Indian Ocean',
];
export const NGO_KINDS = ['Foundation', 'Institute', 'Center', 'Network', 'Committee', 'Watch', 'Initiative', 'Society'];
export const NGO_TOPICS = [
  'Human Rights', 'Strategic Studies', 'Conflict Research', 'Press Freedom', 'Refugee Support', 'Open Government',
  'Peace Studies', 'Arms Control', 'Energy Policy', 'Election Monitoring', 'Civil Liberties', 'Economic Research',
];
export const COMPANY_INDUSTRIES = [
  'Aerospace', 'Energy', 'Shipping', 'Defense', 'Mining', 'Telecom', 'Pharmaceuticals', 'Grain', 'Steel',
  'Logistics', 'Robotics', 'Satellite', 'Oil and Gas', 'Banking',
];
export const COMPANY_SUFFIXES = ['Group', 'Holdings', 'Systems', 'Industries', 'Corporation', 'Partners', 'International'];
export const OTHER_NAMES = ['Football Federation', 'Chamber of Commerce', 'Bar Association', 'Olympic Committee', 'Red Crescent Society', 'Farmers Union', 'Trade Union Congress', 'Academy of Sciences'];

/** Role titles by the kind of organization that gives them. */
export const ROLE_TITLES: Record<string, string[]> = {
  GOVERNMENT: [
    'Foreign Minister', 'Defense Minister', 'President', 'Prime Minister', 'Government Spokesperson',
    'Deputy Foreign Minister', 'Energy Minister', 'Finance Minister', 'National Security Adviser',
  ],
  INTERGOVERNMENTAL: ['Secretary-General', 'Ambassador', 'Special Envoy', 'Spokesperson', 'Commissioner'],
  NGO: ['Director', 'Senior Fellow', 'Researcher', 'Analyst'],
  COMPANY: ['Chief Executive', 'Chairman', 'Chief Economist'],
  MEDIA: ['Editor-in-Chief', 'Correspondent'],
  OTHER: ['President', 'Spokesperson', 'Secretary'],
};
