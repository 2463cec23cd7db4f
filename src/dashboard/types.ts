/** The data embedded in target/dashboard/index.html: each analysis's rows, queried at generation time. */

export type CellValue = string | number | boolean | null;

export interface AnalysisResult {
  name: string;
  description: string;
  columns: string[];
  rows: Record<string, CellValue>[];
  /** Set when the query failed; rows are then empty. */
  error?: string;
  elapsedMs: number;
}

export interface DashboardQuality {
  score: number | null;
  minScore: number | null;
  passed: boolean;
  dimensions: Record<string, number>;
  generatedAt: string;
}

export interface DashboardData {
  project: { name: string; targetName: string; adapterType: string };
  generatedAt: string;
  analyses: Record<string, AnalysisResult>;
  /** From quality_report.json, when a run has written one. */
  quality?: DashboardQuality;
}
