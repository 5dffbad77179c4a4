/**
 * The shipped nightly-soak configurations, validated offline as part of
 * `npm test`: the GitHub Actions workflow against the workflow schema
 * (@action-validator/core, which embeds SchemaStore's github-workflow
 * schema), the Kubernetes Indexed Job against the Kubernetes API schema
 * (kubernetes-models' batch/v1 Job); each validator is also shown to reject
 * a broken copy, and the parts the soak relies on are checked by name.
 */
import { readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import { Job } from 'kubernetes-models/batch/v1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const WORKFLOW = '.github/workflows/nightly-soak.yml';
const JOB = 'deploy/k8s/soak-job.yaml';

describe('the nightly-soak GitHub Actions workflow', () => {
  const text = readFileSync(WORKFLOW, 'utf8');
  const wf = parse(text);

  it('is valid against the workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator rejects a broken workflow', () => {
    expect(validateWorkflow(text.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')).errors.length).toBeGreaterThan(0);
    expect(validateWorkflow(text.replace("- cron: '17 2 * * *'", '- cron: [1]')).errors.length).toBeGreaterThan(0);
  });

  it('runs nightly and on demand, a matrix of shards of one seed, uploads every shard, and a merge job publishes the summary and fails on a finding', () => {
    expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    const soakJob = wf.jobs.soak;
    const shards: number[] = soakJob.strategy.matrix.shard;
    expect(shards).toEqual(Array.from({ length: Number(wf.env.SHARDS) }, (_, i) => i + 1));
    const run = soakJob.steps.find((s: any) => String(s.run ?? '').includes('paxos-sim soak')).run as string;
    expect(run).toMatch(/--shard "\$\{\{ matrix.shard \}\}\/\$\{\{ env.SHARDS \}\}"/);
    expect(run).toMatch(/--seed "\$\{\{ github.run_number \}\}"/);
    const upload = soakJob.steps.find((s: any) => String(s.uses ?? '').startsWith('actions/upload-artifact'));
    expect(upload.if).toBe('always()');
    const merge = wf.jobs.merge;
    expect(merge.needs).toBe('soak');
    expect(merge.if).toBe('always()');
    const m = merge.steps.find((s: any) => String(s.run ?? '').includes('soak merge')).run as string;
    expect(m).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(m).toMatch(/exit \$status/);
  });
});

describe('the Kubernetes Indexed Job', () => {
  const job = parse(readFileSync(JOB, 'utf8'));

  it('is valid against the Kubernetes batch/v1 Job schema', () => {
    expect(() => new Job(job).validate()).not.toThrow();
  });

  it('the validator rejects a broken Job', () => {
    const bad = structuredClone(job);
    bad.spec.completionMode = 'Sometimes';
    expect(() => new Job(bad).validate()).toThrow(/completionMode/);
    const bad2 = structuredClone(job);
    bad2.spec.template.spec.containers[0].args = 'soak';
    expect(() => new Job(bad2).validate()).toThrow(/args/);
  });

  it('is Indexed, maps the index to the shard, retries per index, and writes --out to a volume', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(0);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const c = pod.containers[0];
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(Number(env.PAXOS_SIM_SHARDS)).toBe(job.spec.completions);
    expect(c.args[0]).toBe('soak');
    const out = c.args[c.args.indexOf('--out') + 1] as string;
    expect(out).toContain('$(JOB_COMPLETION_INDEX)');
    expect(out.startsWith(c.volumeMounts[0].mountPath + '/')).toBe(true);
    expect(pod.volumes.map((v: any) => v.name)).toContain(c.volumeMounts[0].name);
    // Every $(VAR) in the args is defined (JOB_COMPLETION_INDEX by the Job controller).
    for (const a of c.args as string[]) for (const [, v] of a.matchAll(/\$\((\w+)\)/g)) expect(v === 'JOB_COMPLETION_INDEX' || v! in env, v).toBe(true);
  });
});
