/**
 * The dashboard definition of this repository's gold tables (`gold.tables` of datasets/*.yaml, built by
 * glue/sql/gold/<table>.sql): per table its columns as the silver_to_gold job writes them to the Glue
 * catalog (partition columns included) and the one visual the dashboard shows. The program passes the
 * entries of the datasets it deploys to the Dashboards component; docs/bi.md explains each choice.
 */
import { problem, throwIfProblems } from "../../lib/problems";
import type { GoldTableDashboard } from "./definition";

/** Per gold table name, what the dashboard shows. */
export const GOLD_TABLE_DASHBOARDS: Readonly<Record<string, GoldTableDashboard>> = {
    flight_delays_by_origin_month: {
        table: "flight_delays_by_origin_month",
        columns: {
            origin: "STRING",
            origin_name: "STRING",
            origin_city: "STRING",
            origin_state: "STRING",
            month: "INTEGER",
            flights: "INTEGER",
            avg_delay_minutes: "DECIMAL",
            delayed_15_flights: "INTEGER",
            delayed_15_share: "DECIMAL",
            year: "INTEGER",
        },
        visual: {
            kind: "bar",
            title: "Flights delayed 15+ minutes per origin airport",
            dimensions: ["origin"],
            measures: [
                { column: "delayed_15_flights", aggregation: "SUM" },
                { column: "flights", aggregation: "SUM" },
            ],
        },
    },
    route_summary: {
        table: "route_summary",
        columns: {
            origin: "STRING",
            destination: "STRING",
            origin_city: "STRING",
            destination_city: "STRING",
            flights: "INTEGER",
            avg_delay_minutes: "DECIMAL",
            distance_miles: "INTEGER",
        },
        visual: {
            kind: "table",
            title: "Routes: flights, average delay and distance",
            dimensions: ["origin", "destination"],
            measures: [
                { column: "flights", aggregation: "SUM" },
                { column: "avg_delay_minutes", aggregation: "AVERAGE" },
                { column: "distance_miles", aggregation: "MAX" },
            ],
        },
    },
    tweets_per_user_day: {
        table: "tweets_per_user_day",
        columns: {
            screen_name: "STRING",
            day: "DATETIME",
            tweets: "INTEGER",
            likes: "INTEGER",
            followers: "INTEGER",
        },
        visual: {
            kind: "line",
            title: "Tweets and likes per day",
            dimensions: ["day"],
            measures: [
                { column: "tweets", aggregation: "SUM" },
                { column: "likes", aggregation: "SUM" },
            ],
        },
    },
    importe_por_categoria_hora: {
        table: "importe_por_categoria_hora",
        columns: {
            categoria: "STRING",
            hora: "DATETIME",
            transacciones: "INTEGER",
            importe_total: "DECIMAL",
            year: "INTEGER",
            month: "INTEGER",
        },
        visual: {
            kind: "bar",
            title: "Transaction amount (importe) per category",
            dimensions: ["categoria"],
            measures: [{ column: "importe_total", aggregation: "SUM" }],
        },
    },
    ventas_diarias_por_tienda: {
        table: "ventas_diarias_por_tienda",
        columns: {
            tienda: "STRING",
            dia: "DATETIME",
            lineas: "INTEGER",
            unidades: "INTEGER",
            importe: "DECIMAL",
            year: "INTEGER",
        },
        visual: {
            kind: "bar",
            title: "Revenue (importe) per store",
            dimensions: ["tienda"],
            measures: [{ column: "importe", aggregation: "SUM" }],
        },
    },
};

/**
 * The definitions of the named gold tables, in order.
 * @throws ProblemsError naming each table without a definition in {@link GOLD_TABLE_DASHBOARDS}.
 */
export function goldTableDashboards(tables: readonly string[]): GoldTableDashboard[] {
    const missing = tables.filter((t) => GOLD_TABLE_DASHBOARDS[t] === undefined);
    throwIfProblems(
        "Dashboards",
        missing.map((t) =>
            problem(
                "tables",
                t,
                "add its columns and visual to GOLD_TABLE_DASHBOARDS in components/dashboards/gold-tables.ts (docs/bi.md#visuals)",
            ),
        ),
    );
    return tables.map((t) => GOLD_TABLE_DASHBOARDS[t]);
}
