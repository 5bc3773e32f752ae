/**
 * Starts the policy pack the way `pulumi preview --policy-pack policies/` does (Pulumi's Node.js
 * policy-pack runner compiles `policies/index.ts` with ts-node and the pack serves CrossGuard's analyzer
 * over gRPC), and talks to it with the analyzer client the Pulumi engine uses. No Pulumi CLI is needed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    type AnalyzeDiagnostic,
    AnalyzeRequest,
    AnalyzerPropertyDependencies,
    AnalyzerResource,
    AnalyzerResourceOptions,
    AnalyzeStackRequest,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { EvaluatedResource } from "../../../policies/evaluate";
import { REPO_ROOT } from "../../support/pulumi-harness";

/** The runner `pulumi-language-nodejs` starts for a policy pack. */
const RUNNER = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");

/** A diagnostic the pack returned, in plain values. */
export interface ServedDiagnostic {
    policyName: string;
    message: string;
    urn: string;
    /** `ADVISORY` 0, `MANDATORY` 1, `DISABLED` 2, `REMEDIATE` 3 (the proto enum). */
    enforcementLevel: number;
}

/** A running pack and a client connected to it. */
export interface ServedPack {
    client: AnalyzerClient;
    process: ChildProcess;
    /** Stops the pack process. */
    stop(): void;
}

/**
 * Starts the pack in `policies/` and connects to the port it prints.
 * @throws Error with the runner's stderr when it exits before serving
 */
export function servePack(): Promise<ServedPack> {
    return new Promise((resolvePack, reject) => {
        const child = spawn(process.execPath, [RUNNER, "127.0.0.1:0", "."], {
            cwd: path.join(REPO_ROOT, "policies"),
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stderr.on("data", (chunk) => {
            stderr += chunk;
        });
        child.on("exit", (code) =>
            reject(new Error(`policy pack exited ${code} before serving:\n${stderr}`)),
        );
        child.stdout.on("data", (chunk) => {
            stdout += chunk;
            const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
            if (port === undefined) return;
            const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            resolvePack({
                client,
                process: child,
                stop: () => {
                    client.close();
                    child.removeAllListeners("exit");
                    child.kill();
                },
            });
        });
    });
}

function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function options(parent?: string): AnalyzerResourceOptions {
    const opts = new AnalyzerResourceOptions();
    if (parent !== undefined) opts.setParent(parent);
    return opts;
}

function plain(diagnostics: AnalyzeDiagnostic[]): ServedDiagnostic[] {
    return diagnostics.map((d) => ({
        policyName: d.getPolicyname(),
        message: d.getMessage(),
        urn: d.getUrn(),
        enforcementLevel: d.getEnforcementlevel(),
    }));
}

/** The pack's name and its policies' names, as the engine asks for them. */
export function analyzerInfo(pack: ServedPack): Promise<{ name: string; policies: string[] }> {
    return new Promise((done, fail) => {
        pack.client.getAnalyzerInfo(new Empty(), (error, info) => {
            if (error) return fail(error);
            done({ name: info.getName(), policies: info.getPoliciesList().map((p) => p.getName()) });
        });
    });
}

/** `analyzeStack` over resources (their outputs), as the engine calls it after a preview or update. */
export function analyzeStack(pack: ServedPack, resources: EvaluatedResource[]): Promise<ServedDiagnostic[]> {
    const request = new AnalyzeStackRequest();
    request.setResourcesList(
        resources.map((r) => {
            const resource = new AnalyzerResource();
            resource.setType(r.type);
            resource.setName(r.name);
            resource.setUrn(r.urn ?? r.name);
            resource.setProperties(toStruct(r.outputs ?? r.inputs));
            resource.setOptions(options(r.parentUrn));
            if (r.parentUrn !== undefined) resource.setParent(r.parentUrn);
            resource.setDependenciesList(r.dependencies ?? []);
            const map = resource.getPropertydependenciesMap();
            for (const [property, urns] of Object.entries(r.propertyDependencies ?? {})) {
                map.set(property, new AnalyzerPropertyDependencies().setUrnsList(urns));
            }
            return resource;
        }),
    );
    return new Promise((done, fail) => {
        pack.client.analyzeStack(request, (error, response) =>
            error ? fail(error) : done(plain(response.getDiagnosticsList())),
        );
    });
}

/** `analyze` of one resource's inputs, as the engine calls it before registering the resource. */
export function analyzeResource(pack: ServedPack, resource: EvaluatedResource): Promise<ServedDiagnostic[]> {
    const request = new AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(resource.urn ?? resource.name);
    request.setProperties(toStruct(resource.inputs));
    request.setOptions(options(resource.parentUrn));
    return new Promise((done, fail) => {
        pack.client.analyze(request, (error, response) =>
            error ? fail(error) : done(plain(response.getDiagnosticsList())),
        );
    });
}
