import type { Digest } from '../../src/render/digest-model.ts';
import {
  PREFERENCES_URL_PLACEHOLDER,
  RECIPIENT_EMAIL_PLACEHOLDER,
  UNSUBSCRIBE_URL_PLACEHOLDER,
} from '../../src/render/placeholders.ts';

const builder = {
  reviewerName: 'The Builder',
  lens: 'Developer experience and the weekend-alternative test',
};
const skeptic = {
  reviewerName: 'The Skeptic',
  lens: 'Competitors, failure modes and what kills it in a year',
};
const futurist = { reviewerName: 'The Futurist', lens: 'Where the trend goes and what has to hold for it' };
const operator = { reviewerName: 'The Operator', lens: 'Buyer, pricing and whether the business survives' };

/** A realistic issue for the React Email preview and the screenshot script. */
export const sampleDigest: Digest = {
  week: '2026-W48',
  rangeLabel: '23–29 November 2026',
  subject: 'Weekly Verdicts: background agents vs an on-device VLM, and 3 more',
  preheader:
    'Cursor’s async agents meet a 2B vision model that runs on your laptop. Plus: meeting notes, terminals.',
  intro: {
    html:
      '<p>Four comparisons this week, and for once the panel agreed on most of them. The exception is the ' +
      'meeting-notes pair, where <strong>The Skeptic</strong> and <strong>The Operator</strong> could not ' +
      'have read the same pricing page.</p>\n<p>Next week: the <a href="https://verdicts.example/topics/voice">' +
      'voice agents</a> round-up readers asked for.</p>\n',
    text:
      'Four comparisons this week, and for once the panel agreed on most of them. The exception is the ' +
      'meeting-notes pair, where **The Skeptic** and **The Operator** could not have read the same pricing ' +
      'page.\n\nNext week: the [voice agents](https://verdicts.example/topics/voice) round-up readers asked for.',
  },
  comparisons: [
    {
      slug: 'cursor-background-agents-vs-smolvlm2-2b',
      title: 'Cursor Background Agents vs SmolVLM2-2B',
      url: 'https://verdicts.example/compare/cursor-background-agents-vs-smolvlm2-2b',
      summary:
        'Hand a refactor to a sandboxed agent, or run vision locally for free: two very different bets.',
      featured: true,
      split: false,
      tools: [
        {
          name: 'Cursor Background Agents',
          category: 'Developer Tools',
          tagline: 'Queue long coding tasks and get pull requests back',
          entry: 'Included in Pro',
          community: 71,
          panelShip: 100,
          shipCount: 4,
          reviewCount: 4,
          url: 'https://cursor.com',
          changes: {
            since: '2026-W44',
            facts: [
              { fact: 'entry', from: '$40/mo', to: 'Included in Pro' },
              { fact: 'community', from: '64%', to: '71%' },
            ],
          },
          quote: {
            ...builder,
            verdict: 'ship',
            text:
              'The hard part is not the model, it is the sandbox: a clean checkout, secrets, a branch and a ' +
              'diff you can review. That is weeks of plumbing you no longer write, and async is the right ' +
              'shape for a twenty-minute dependency bump.',
          },
        },
        {
          name: 'SmolVLM2-2B',
          category: 'Open Models',
          tagline: 'A small vision-language model that runs on the device in your hand',
          entry: 'Free',
          community: null,
          panelShip: 75,
          shipCount: 3,
          reviewCount: 4,
          url: 'https://huggingface.co',
          quote: {
            ...futurist,
            verdict: 'ship',
            text:
              'Receipts, forms and screenshots read on-device, with no upload: once that is good enough, a ' +
              'whole tier of OCR middleware has to find a new reason to exist.',
          },
        },
      ],
    },
    {
      slug: 'granola-vs-otter',
      title: 'Granola vs Otter.ai',
      url: 'https://verdicts.example/compare/granola-vs-otter',
      summary: 'Both write your meeting notes. Only one of them joins the call as a bot.',
      featured: false,
      split: true,
      tools: [
        {
          name: 'Granola',
          category: 'Productivity',
          tagline: 'Notes that fill themselves in while you talk',
          entry: '$14/mo',
          community: 64,
          panelShip: 50,
          shipCount: 2,
          reviewCount: 4,
          quote: {
            ...operator,
            verdict: 'skip',
            text:
              'Lovely product, thin moat. The calendar and the call platform both belong to someone else, ' +
              'and either could ship this as a checkbox next quarter.',
          },
        },
        {
          name: 'Otter.ai',
          category: 'Productivity',
          tagline: 'Transcripts, summaries and action items for every meeting',
          entry: 'Free tier',
          community: 58,
          panelShip: 25,
          shipCount: 1,
          reviewCount: 4,
          quote: {
            ...skeptic,
            verdict: 'skip',
            text: 'A bot in the participant list changes how people talk. The transcript is accurate; the meeting is worse.',
          },
        },
      ],
    },
    {
      slug: 'warp-vs-ghostty',
      title: 'Warp vs Ghostty',
      url: 'https://verdicts.example/compare/warp-vs-ghostty',
      featured: false,
      split: false,
      tools: [
        {
          name: 'Warp',
          category: 'Developer Tools',
          tagline: 'A terminal with an agent built in',
          entry: 'Free',
          community: 47,
          panelShip: 67,
          shipCount: 2,
          reviewCount: 3,
          quote: {
            ...builder,
            verdict: 'ship',
            text: 'Blocks, a real editor for the prompt line and an agent that can read the last error. It earns its place.',
          },
        },
        {
          name: 'Ghostty',
          category: 'Developer Tools',
          tagline: 'A fast, native terminal that stays out of the way',
          entry: 'Free',
          community: 81,
          panelShip: null,
          shipCount: 0,
          reviewCount: 0,
        },
      ],
    },
    {
      slug: 'v0-vs-bolt',
      title: 'v0 vs Bolt.new',
      url: 'https://verdicts.example/compare/v0-vs-bolt',
      summary: 'Prompt-to-app builders, tested on the same dull CRUD dashboard.',
      featured: false,
      split: true,
      tools: [
        {
          name: 'v0',
          category: 'Design & Prototyping',
          tagline: 'Describe a screen, get React components you can keep',
          entry: '$20/mo',
          community: 69,
          panelShip: 75,
          shipCount: 3,
          reviewCount: 4,
          changes: { since: '2026-W46', facts: [{ fact: 'panel', from: '100%', to: '75%' }] },
          quote: {
            ...skeptic,
            verdict: 'skip',
            text:
              'The first screen is magic; the fifth is a negotiation. Past a handful of routes you are ' +
              'reviewing generated code you did not design, which is the job you were trying to skip.',
          },
        },
        {
          name: 'Bolt.new',
          category: 'Design & Prototyping',
          tagline: 'Full-stack apps from a prompt, running in the browser',
          entry: 'Free tier',
          community: 55,
          panelShip: 50,
          shipCount: 2,
          reviewCount: 4,
          quote: {
            ...operator,
            verdict: 'ship',
            text: 'Priced for the founder who needs a demo on Friday, and that buyer pays without a procurement cycle.',
          },
        },
      ],
    },
  ],
  siteUrl: 'https://verdicts.example',
  webUrl: 'https://verdicts.example/issues/2026-W48',
  postalAddress: 'Weekly Verdicts, 18 Rue des Lilas, 75011 Paris, France',
  unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER,
  preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
  recipientEmail: RECIPIENT_EMAIL_PLACEHOLDER,
};
