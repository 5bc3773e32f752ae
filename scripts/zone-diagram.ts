/**
 * The zone-level view of an offline plan, for people: the lake's zones, the sources that land data in them,
 * the trigger that starts the jobs, the Glue jobs and crawlers, and how data moves between them. A few
 * dozen nodes where the full resource graph (`renderMermaid`) has hundreds.
 *
 * Read from what the plan registered, not from the program's code: a job's reads and writes are the zone
 * buckets its role may get and put objects in, the trigger's jobs are those its role may start, a Glue
 * trigger's edges are its predicate and actions.
 */
import { ZONES } from "../components";
import type { RecordedResource, Recorder } from "../tests/support/pulumi-harness";

/** What a node of the zone diagram stands for. */
export type ZoneNodeKind = "zone" | "source" | "queue" | "function" | "job" | "crawler" | "schedule";

/** A node of the zone diagram. */
export interface ZoneNode {
    /** Mermaid id, made of the resource's logical name. */
    id: string;
    kind: ZoneNodeKind;
    /** What the node is called in the diagram (a zone, a job's logical name, ...). */
    label: string;
    /** Physical name, shown under the label. */
    detail?: string;
    /** The component it belongs to (`TriggerLambda bronze-trigger`), drawn as a subgraph. */
    group?: string;
}

/** An edge: data or control moving from one node to another. */
export interface ZoneEdge {
    from: string;
    to: string;
    /** What moves: `reads`, `writes`, `crawls`, `on SUCCEEDED`, an S3 event filter, ... */
    label: string;
}

/** The zone diagram as data, so tests can assert on it. */
export interface ZoneGraph {
    nodes: ZoneNode[];
    edges: ZoneEdge[];
}

/** The marker Pulumi wraps a secret value in. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function unwrapSecret(value: unknown): unknown {
    const wrapped = value as Record<string, unknown> | undefined;
    return wrapped !== undefined && typeof wrapped === "object" && SECRET_SIGNATURE in wrapped
        ? wrapped.value
        : value;
}

const idOf = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;

interface Statement {
    Effect?: string;
    Action?: string | string[];
    Resource?: string | string[];
}

/** The Allow statements of every inline policy of the role whose ARN is `roleArn` (by name or by reference). */
function roleStatements(recorder: Recorder, roleArn: unknown): Statement[] {
    const roleName =
        String(roleArn ?? "")
            .split("/")
            .pop() ?? "";
    const role = recorder.ofType("aws:iam/role:Role").find((r) => r.outputs.arn === roleArn);
    return recorder
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter(
            (p) =>
                p.inputs.role === roleName ||
                (role?.urn !== undefined && (p.propertyDependencies.role ?? []).includes(role.urn)),
        )
        .flatMap((p) => {
            const document = JSON.parse(String(unwrapSecret(p.inputs.policy))) as {
                Statement: Statement | Statement[];
            };
            return [document.Statement].flat();
        })
        .filter((s) => s.Effect === undefined || s.Effect === "Allow");
}

const listOf = (value: string | string[] | undefined) => [value ?? []].flat();

/** Resources of the statements that allow `action`. */
function allowed(statements: Statement[], action: string): string[] {
    return statements.filter((s) => listOf(s.Action).includes(action)).flatMap((s) => listOf(s.Resource));
}

/** Bucket names of S3 object ARNs (`arn:aws:s3:::<bucket>/<key>`). */
const bucketsOf = (arns: string[]) =>
    new Set(arns.filter((a) => a.startsWith("arn:aws:s3:::")).map((a) => a.slice(13).split("/")[0]));

/** The zone diagram of a plan: zones, sources, trigger, jobs and crawlers, and the edges between them. */
export function zoneGraph(recorder: Recorder): ZoneGraph {
    const nodes: ZoneNode[] = [];
    const edges: ZoneEdge[] = [];
    const edge = (from: string, to: string, label: string) => {
        if (!edges.some((e) => e.from === from && e.to === to && e.label === label))
            edges.push({ from, to, label });
    };
    const zoneByBucket = new Map<string, string>();
    for (const lake of recorder.ofType("medallion-lake:index:DataLake")) {
        for (const bucket of recorder.childrenOf(lake).filter((r) => r.type === "aws:s3/bucket:Bucket")) {
            const zone = ZONES.find((z) => bucket.name === `${lake.name}-${z}`);
            if (zone === undefined) continue;
            const id = idOf("zone", bucket.name);
            nodes.push({
                id,
                kind: "zone",
                label: zone,
                detail: bucket.inputs.bucket,
                group: `DataLake ${lake.name}`,
            });
            zoneByBucket.set(String(bucket.inputs.bucket), id);
        }
    }
    const jobs = recorder.ofType("aws:glue/job:Job");
    const jobIdByName = new Map(jobs.map((job) => [String(job.inputs.name), idOf("job", job.name)]));
    for (const job of jobs) {
        const id = idOf("job", job.name);
        nodes.push({ id, kind: "job", label: job.name.replace(/-job$/, ""), detail: job.inputs.name });
        const statements = roleStatements(recorder, job.inputs.roleArn);
        const writes = bucketsOf(allowed(statements, "s3:PutObject"));
        for (const bucket of bucketsOf(allowed(statements, "s3:GetObject"))) {
            const zone = zoneByBucket.get(bucket);
            if (zone !== undefined && !writes.has(bucket)) edge(zone, id, "reads");
        }
        for (const bucket of writes) {
            const zone = zoneByBucket.get(bucket);
            if (zone !== undefined) edge(id, zone, "writes");
        }
    }
    addTriggers(recorder, nodes, edge, zoneByBucket, jobIdByName);
    addGlueTriggers(recorder, nodes, edge, jobIdByName);
    addCrawlers(recorder, nodes, edge, zoneByBucket);
    addSources(recorder, nodes, edge, zoneByBucket, jobIdByName);
    return { nodes, edges };
}

type AddEdge = (from: string, to: string, label: string) => void;

/** S3 event notifications to a queue, the function the queue feeds, and the jobs that function may start. */
function addTriggers(
    recorder: Recorder,
    nodes: ZoneNode[],
    edge: AddEdge,
    zoneByBucket: Map<string, string>,
    jobIdByName: Map<string, string>,
): void {
    const parentOf = (r: RecordedResource) => (r.parentUrn ? recorder.byUrn(r.parentUrn) : undefined);
    const groupOf = (r: RecordedResource) => {
        const parent = parentOf(r);
        return parent === undefined ? undefined : `${parent.type.split(":").pop()} ${parent.name}`;
    };
    const queueIdByArn = new Map<string, string>();
    for (const notification of recorder.ofType("aws:s3/bucketNotification:BucketNotification")) {
        const zone = zoneByBucket.get(String(notification.inputs.bucket));
        const byQueue = new Map<string, string[]>();
        for (const q of notification.inputs.queues ?? []) {
            const filter = `${q.filterPrefix ?? ""}*${q.filterSuffix ?? ""}`;
            byQueue.set(q.queueArn, [...(byQueue.get(q.queueArn) ?? []), filter]);
        }
        for (const [arn, filters] of byQueue) {
            const queue = recorder.ofType("aws:sqs/queue:Queue").find((r) => r.outputs.arn === arn);
            if (queue === undefined || zone === undefined) continue;
            const id = idOf("queue", queue.name);
            if (!nodes.some((n) => n.id === id))
                nodes.push({
                    id,
                    kind: "queue",
                    label: "SQS queue",
                    detail: queue.inputs.name,
                    group: groupOf(queue),
                });
            queueIdByArn.set(arn, id);
            edge(zone, id, `ObjectCreated ${filters.join(", ")}`);
        }
    }
    for (const mapping of recorder.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
        const queueId = queueIdByArn.get(String(mapping.inputs.eventSourceArn));
        const fn = recorder
            .ofType("aws:lambda/function:Function")
            .find((f) => [f.outputs.arn, f.inputs.name].includes(mapping.inputs.functionName));
        if (queueId === undefined || fn === undefined) continue;
        const id = idOf("function", fn.name);
        nodes.push({ id, kind: "function", label: "Lambda", detail: fn.inputs.name, group: groupOf(fn) });
        edge(queueId, id, "batches");
        const starts = allowed(roleStatements(recorder, fn.inputs.role), "glue:StartJobRun");
        for (const arn of starts) {
            const job = jobIdByName.get(arn.split(":job/")[1] ?? "");
            if (job !== undefined) edge(id, job, "StartJobRun");
        }
    }
}

/** Glue triggers: a conditional one runs its actions when its predicate's jobs reach a state, a scheduled one on its schedule. */
function addGlueTriggers(
    recorder: Recorder,
    nodes: ZoneNode[],
    edge: AddEdge,
    jobIdByName: Map<string, string>,
): void {
    for (const trigger of recorder.ofType("aws:glue/trigger:Trigger")) {
        const actions = (trigger.inputs.actions ?? [])
            .map((a: { jobName?: string }) => jobIdByName.get(String(a.jobName)))
            .filter((id: string | undefined): id is string => id !== undefined);
        if (trigger.inputs.type === "CONDITIONAL") {
            for (const condition of trigger.inputs.predicate?.conditions ?? []) {
                const from = jobIdByName.get(String(condition.jobName));
                if (from !== undefined) for (const to of actions) edge(from, to, `on ${condition.state}`);
            }
        } else if (trigger.inputs.type === "SCHEDULED") {
            const id = idOf("schedule", trigger.name);
            nodes.push({ id, kind: "schedule", label: "schedule", detail: trigger.inputs.schedule });
            for (const to of actions) edge(id, to, "starts");
        }
    }
}

/** Crawlers, from the zone their S3 targets are in. */
function addCrawlers(
    recorder: Recorder,
    nodes: ZoneNode[],
    edge: AddEdge,
    zoneByBucket: Map<string, string>,
): void {
    for (const crawler of recorder.ofType("aws:glue/crawler:Crawler")) {
        const id = idOf("crawler", crawler.name);
        nodes.push({ id, kind: "crawler", label: crawler.name, detail: crawler.inputs.name });
        for (const target of crawler.inputs.s3Targets ?? []) {
            const zone = zoneByBucket.get(
                String(target.path)
                    .replace(/^s3:\/\//, "")
                    .split("/")[0],
            );
            if (zone !== undefined) edge(zone, id, "crawls");
        }
    }
}

/** Sources: Firehose streams delivering into a zone, PostgreSQL instances a job reads through its connection. */
function addSources(
    recorder: Recorder,
    nodes: ZoneNode[],
    edge: AddEdge,
    zoneByBucket: Map<string, string>,
    jobIdByName: Map<string, string>,
): void {
    for (const stream of recorder.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")) {
        const s3 = stream.inputs.extendedS3Configuration ?? {};
        const zone = zoneByBucket.get(String(s3.bucketArn ?? "").replace(/^arn:aws:s3:::/, ""));
        const id = idOf("source", stream.name);
        nodes.push({ id, kind: "source", label: "Firehose stream", detail: stream.inputs.name });
        if (zone !== undefined) edge(id, zone, `delivers ${String(s3.prefix ?? "").split("/")[0]}/`);
    }
    const connections = recorder.ofType("aws:glue/connection:Connection");
    for (const db of recorder.ofType("aws:rds/instance:Instance")) {
        const id = idOf("source", db.name);
        nodes.push({
            id,
            kind: "source",
            label: `${db.inputs.engine ?? "RDS"} database`,
            detail: db.inputs.identifier,
        });
        const reading = connections.filter((c) => {
            const properties = unwrapSecret(c.inputs.connectionProperties) as
                | Record<string, string>
                | undefined;
            return String(properties?.JDBC_CONNECTION_URL ?? "").includes(`//${db.outputs.address}:`);
        });
        for (const job of recorder.ofType("aws:glue/job:Job")) {
            const uses = (job.inputs.connections ?? []).some((name: string) =>
                reading.some((c) => c.inputs.name === name),
            );
            const jobId = jobIdByName.get(String(job.inputs.name));
            if (uses && jobId !== undefined) edge(id, jobId, "JDBC");
        }
    }
}

const SHAPES: Record<ZoneNodeKind, [string, string]> = {
    zone: ['[("', '")]'],
    source: ['[/"', '"/]'],
    queue: ['[["', '"]]'],
    function: ['(["', '"])'],
    job: ['["', '"]'],
    crawler: ['{{"', '"}}'],
    schedule: ['>"', '"]'],
};

/** The zone graph as a Mermaid flowchart: a subgraph per component that groups nodes, labelled edges. */
export function renderZoneMermaid(graph: ZoneGraph): string {
    const lines = ["flowchart LR"];
    const node = (n: ZoneNode, pad: string) => {
        const [open, close] = SHAPES[n.kind];
        const text = n.detail === undefined ? n.label : `${n.label}<br/><small>${n.detail}</small>`;
        lines.push(`${pad}${n.id}${open}${text}${close}`);
    };
    const groups = [...new Set(graph.nodes.map((n) => n.group).filter((g): g is string => g !== undefined))];
    groups.forEach((group, i) => {
        lines.push(`  subgraph group${i}["${group}"]`);
        for (const n of graph.nodes.filter((x) => x.group === group)) node(n, "    ");
        lines.push("  end");
    });
    for (const n of graph.nodes.filter((x) => x.group === undefined)) node(n, "  ");
    for (const e of graph.edges) lines.push(`  ${e.from} -->|"${e.label}"| ${e.to}`);
    return `${lines.join("\n")}\n`;
}
