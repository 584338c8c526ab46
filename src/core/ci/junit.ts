/**
 * JUnit XML (the de facto schema CI servers read: testsuites > testsuite > testcase, a failure
 * element per failed case): one testcase per budget check and per baseline comparison.
 */
import type { CiReport } from './report';
import { describeRegression } from './report';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; details: string };
  skipped?: string;
}

export function writeJUnit(report: CiReport): string {
  const budgetCases: Case[] = report.budgets.map((check) => ({
    classname: `budgets.${check.budget}`,
    name: check.name,
    failure: check.passed
      ? undefined
      : {
          type: 'budget',
          message: check.message,
          details: `metric: ${check.metric}\nvalue: ${check.value}\nbudget: ${check.limit}\nurl: ${check.url}`,
        },
  }));
  const regressionCases: Case[] = report.regressions.map((check) => {
    const description = describeRegression(check, report.url);
    return {
      classname: 'regressions',
      name: `${check.title} (${check.metric}) against the baseline`,
      failure:
        check.verdict === 'worse'
          ? { type: 'regression', message: description, details: `${description}\nbaseline: ${report.baselineFile ?? ''}\nurl: ${report.url}` }
          : undefined,
      skipped: check.verdict === 'not compared' ? description : undefined,
    };
  });
  const suites = [
    { name: 'Budgets', cases: budgetCases },
    { name: 'Regressions against the baseline', cases: regressionCases },
  ].filter((suite) => suite.cases.length > 0);
  const count = (cases: Case[], what: 'failure' | 'skipped') => cases.filter((c) => c[what] !== undefined).length;
  const all = suites.flatMap((suite) => suite.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="admin-performance ci" tests="${all.length}" failures="${count(all, 'failure')}" skipped="${count(all, 'skipped')}" timestamp="${report.startedAt}">`,
  ];
  for (const suite of suites) {
    lines.push(`  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.cases.length}" failures="${count(suite.cases, 'failure')}" skipped="${count(suite.cases, 'skipped')}" errors="0">`);
    for (const item of suite.cases) {
      const open = `    <testcase classname="${xmlEscape(item.classname)}" name="${xmlEscape(item.name)}"`;
      if (item.failure) {
        lines.push(`${open}>`);
        lines.push(`      <failure message="${xmlEscape(item.failure.message)}" type="${item.failure.type}">${xmlEscape(item.failure.details)}</failure>`);
        lines.push('    </testcase>');
      } else if (item.skipped !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${xmlEscape(item.skipped)}"/>`, '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
