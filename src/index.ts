// Public API of eoslab. Everything exported here works the same in Node and
// in browsers; Node-only code (the CLI, file output) lives in src/cli/.
export { init, initSync, defaultEngine, detectBackend, type InitOptions } from "./init.js";
export { Engine } from "./engine.js";
// Wasm memory: each entry point's workspace in f64 values, checked against 4 GiB before allocating (docs/design.md §3).
export { MAX_WASM_BYTES } from "./wasm/arena.js";
export { gdLinearWorkspace } from "./data/gd-linear.js";
export { dataRunWorkspace, type DataRunShape } from "./data/run.js";
export { dataSharpnessWorkspace } from "./data/sharpness.js";
export { singularValuesWorkspace } from "./linalg/jacobi-svd.js";
export { deepScalarRunWorkspace } from "./codim1/run.js";
export { lanczosTopGramWorkspace } from "./linalg/lanczos.js";
export { powerIterationGramWorkspace } from "./linalg/power-iteration.js";
export type { BackendKind, CoreExports } from "./wasm/exports.js";
export * from "./errors.js";
export { singularValues, gramExtremes, type SvdResult, type SvdOptions, type GramExtremes } from "./linalg/jacobi-svd.js";
export { gdLinear, GD_THREADS_MIN_ELEMENTS, GD_THREADS_MIN_WORK, type GdLinearOptions, type GdLinearResult } from "./data/gd-linear.js";
export { gdLinearAsync } from "./data/gd-linear-async.js";
export { lanczosTopGram } from "./linalg/lanczos.js";
export { powerIterationGram } from "./linalg/power-iteration.js";
export type { EigenEstimate, GramEigenOptions } from "./linalg/eigen-estimate.js";
export type { LinearFit, PowerLawFit, PeriodFit, DivergenceCheck } from "./fits/types.js";
export { fitLinearRate, type FitWindow } from "./fits/linear-fit.js";
export { fitPowerLaw } from "./fits/power-law-fit.js";
export { detectPeriod, type DetectPeriodOptions } from "./fits/period.js";
export { detectDivergence, detectGrowth, DEFAULT_DIVERGENCE_BOUND, GROWTH_FACTOR, GROWTH_RECORDS, GROWTH_STEADY_FACTOR, GROWTH_STEADY_RECORDS, GROWTH_TOTAL } from "./fits/divergence.js";
export { RandomState } from "./random/random-state.js";
export { seedFormulas } from "./seed/seed-formulas.js";
export { identifyRegime, quadraticBehaviour, type SeedRegime, type QuadraticBehaviour } from "./seed/identify-regime.js";
export { edgeOfStabilityConvergenceRate, type PredictedConvergence, type RateModel, type ConvergenceRateOptions } from "./seed/convergence-rate.js";
export { adaptiveLearningRateSchedule, onlineLearningRateSchedule, type OnlineLearningRateSchedule, type ScheduleEstimate } from "./seed/learning-rate-schedule.js";
export { analyzeConvergence, type ConvergenceAnalysis, type ConvergenceOutcome, type AnalyzeOptions } from "./fits/analyze-convergence.js";
export { checkExponentialDecay, checkPowerLawDecay, estimateConvergenceSpeed, type DecayCheck, type DecayCheckOptions, type ConvergenceSpeed } from "./seed/decay-checks.js";
export { diagnoseConvergence, type ConvergenceDiagnosis, type DiagnosedRegime } from "./seed/diagnose-convergence.js";
export {
  experimentLinearRegression, linearRegressionSweep, seedLinearRegressionData, SEED_ETA_FRACS,
  type LinearRegressionExperiment, type LinearRegressionRow, type SeedClaim, type SweepOptions,
} from "./seed/experiment-linear-regression.js";
// Several outputs (docs/design.md §4; empirical): data, models, sharpness.
export { checkDataset, datasetFromRows, type Dataset } from "./dataset/dataset.js";
export { parseJsonDataset } from "./dataset/parse-json.js";
export { parseCsvDataset } from "./dataset/parse-csv.js";
export { parseNpy, datasetFromNpy, type NpyArray } from "./dataset/parse-npy.js";
export { DataOps } from "./models/data-ops.js";
export {
  dataModel, paramCount, evalPoint, lossGradient, hessianOperator, gaussNewtonOperator,
  type DataModel, type DataModelKind, type DataModelSpec, type PointEval,
} from "./models/data-model.js";
export { lanczosTop, type LanczosTopOptions, type LanczosTopResult, type SymmetricMatvec } from "./linalg/lanczos-operator.js";
export { symmetricEigen, type SymmetricEigen } from "./linalg/symmetric-eigen.js";
export { dataSharpness, sharpnessOf, denseGram, type SharpnessOptions, type SharpnessResult } from "./data/sharpness.js";
export { runData, type DataRunOptions, type DataRunResult, type SharpnessSeries, type EdgeTime } from "./data/run.js";
export {
  flattestMinimumData, projectToDataManifold, type FlattestDataOptions, type FlattestDataResult, type DataProjection,
  type NoExactFit, type FlattestDataOutcome,
} from "./data/flattest-minimum.js";
export { dataExactFit, NO_EXACT_FIT_TOLERANCE, type ExactFitCheck } from "./data/exact-fit.js";
export { leastSquaresResidual, type LeastSquaresResidual } from "./linalg/least-squares.js";
export {
  observeDataRun, type ObserveDataOptions, type ObservedDataRun, type ObservedNoExactFitRun, type ObservedDataOutcome, type EmpiricalRegime,
} from "./data/observe.js";
// Codimension-1 models (docs/design.md §1): deep scalar factorisation, projection onto M, flattest minimum, whole runs.
export type { Codim1Model } from "./models/codim1.js";
export { appendSeries, pointAt, seriesFrom, sliceSeries, SERIES_COLUMNS, type SeriesColumn, type RecordPlan, type RunSeries, type RunPoint, type RunSummary, type RunResult } from "./series/run-series.js";
export { deepScalar, deepScalarFlattest, isBuiltInDeepScalar, type DeepScalarModel } from "./models/deep-scalar.js";
export { deepLinear, deepLinearFlattest, deepLinearInit, isBuiltInDeepLinear, type DeepLinearModel } from "./models/deep-linear.js";
export { tanhChain, tanhChainStart, type TanhChainModel } from "./models/tanh-chain.js";
export { projectToManifold, type Projection, type ProjectOptions } from "./codim1/project.js";
export { flattestMinimum, type FlattestMinimumOptions, type FlattestMinimumResult } from "./codim1/flattest-minimum.js";
export { runTrajectory, fullHessianTop, MAX_RUN_STEPS, type RunOptions } from "./codim1/run.js";
export { deepScalarLanes, type LaneStart, type LaneResult } from "./codim1/lanes.js";
export { recordSteps, MAX_RECORDS } from "./series/record-plan.js";
// Results as plain data for JSON and other languages: Float64Arrays become arrays, non-finite numbers null.
export { toPlain } from "./series/to-plain.js";
export { stringifySafe } from "./series/json-safe.js";
// The paper's regimes (docs/design.md §2, §3): prediction, observation, experiments, SVG figures.
export {
  classifyRegime, isRegime, regimePeriod, DEFAULT_CRITICAL_TOLERANCE, type Regime, type PredictedRegime, type RegimePrediction, type RegimeInputs, type LambdaStarSource,
} from "./theory/regime.js";
export { predictRegime, type PredictRegimeOptions } from "./codim1/predict-regime.js";
export { periodTwoOrbit, type PeriodTwoOrbit, type OrbitLine, type PeriodTwoOrbitOptions } from "./theory/period-two-orbit.js";
export { floquetMultiplier, type FloquetMultiplier } from "./theory/floquet.js";
export { gdJacobian, gdStep } from "./theory/gd-jacobian.js";
export { subcriticalRate } from "./theory/predicted-rates.js";
export { gfsPoint, gfsSharpness, gfsSharpnessSeries, type GfsPoint } from "./theory/gfs-sharpness.js";
export { spectralRadius, type SpectralRadius } from "./linalg/spectral-radius.js";
export {
  observeRun, observedCriticalTolerance, CRITICAL_CROSSOVER_FRACTION, SADDLE_RELAXATION, SADDLE_FLATNESS, SADDLE_LOSS_REL_TOL,
  type Observation, type ObservedLabel, type ObserveInput, type LinearRateFit, type PowerLawFits, type StallCheck,
} from "./observe/observe-run.js";
export { countDistinct, DISTINCT_REL_TOL } from "./observe/distinct.js";
export { saddleInputs } from "./observe/saddle-inputs.js";
export { analyseRun, CRITICAL_EXPONENTS, DEFAULT_TAIL_STEPS, type AnalyseOptions, type Codim1Geometry, type RunAnalysis, type RunPrediction, type Check } from "./codim1/analyse-run.js";
export { predictRun, predictedRate, completePrediction, checkRunStart, type PredictRunOptions, type RunForecast } from "./codim1/predict-run.js";
export { engineGeometry } from "./codim1/geometry.js";
export { paperExperiment, paperFigureSvg, paperRows, PAPER_FIGURES, type PaperResult, type PaperFigure, type PaperRow } from "./experiments/paper.js";
export { formatPaperTable, type PaperTableOptions } from "./experiments/paper-table.js";
export { bifurcationSweep, bifurcationSvg, type BifurcationResult, type BifurcationPoint, type BifurcationOptions } from "./experiments/bifurcation.js";
// Sweeps one grid point at a time (docs/design.md §6: the pool, JSONL store and merge are Node-only, in src/node/ behind the CLI).
export { bifurcationPoint, bifurcationPoints, bifurcationGrid, gridEta, assembleBifurcation, type BifurcationGrid, type BifurcationPointResult } from "./experiments/bifurcation.js";
export { bifurcationTransient, tailSettled, BIFURCATION_TRANSIENT, type BifurcationTransient } from "./experiments/bifurcation.js";
export { fingerprinted, sweepTheta0, sweepModel, sweepEta, type SweepSettings, type FingerprintedSettings } from "./experiments/sweep-settings.js";
export { parseShard, shardIndices, type Shard } from "./experiments/sweep-grid.js";
// Sweeps of any model over a grid of several axes (docs/sweeps.md): the spec, one grid point, and the figures from merged rows.
export { parseSweepSpec, gridSize, gridCoordinates, SPEC_MODELS, type SweepSpec, type SweepAxis, type SettingValue, type SpecModel } from "./experiments/sweep-spec.js";
export { computeGridPoint, type GridRecord, type PointCache, type DataLoader } from "./experiments/sweep-spec-point.js";
export { regimeMapGrid, regimeMapSvg, axisDiagramSvg, type RegimeMapGrid, type MapRow } from "./experiments/regime-map.js";
export { sweepFigures, type SweepFigureRow } from "./experiments/sweep-figures.js";
export { paperStarts, defaultStart, startNearM } from "./experiments/starts.js";
export {
  gfsRunCheck, gfsMonotonicity, gfsExperiment, formatGfsTable, GFS_SWEEP_ETAS, GFS_FAR_STARTS, GFS_FAR_FRACS,
  type GfsRunOptions, type GfsRunCheck, type GfsExperimentOptions, type GfsExperimentResult,
} from "./experiments/gfs.js";
export { randomDataProblem, dataStartWithLambda, DATA_START_OFFSET } from "./data/starts.js";
export { linePlotSvg, panelsSvg, type PlotSpec, type PlotSeries, type LegendItem } from "./plot/line-plot.js";
export { htmlPage, type HtmlSection } from "./plot/html-page.js";
// The catapult of Lewkowycz et al. (2020) on f(x) = vᵀUx/√m (docs/design.md §4).
export { ntkTwoLayer, ntkTwoLayerInit, ntkTwoLayerSharpness, type NtkTwoLayer, type NtkTwoLayerSpec, type NtkSharpness, type NtkSharpnessOptions } from "./models/ntk-two-layer.js";
export {
  catapultProblem, catapultRun, classifyCatapult, catapultSweep, catapultFigureSvg, CATAPULT_RISE, CATAPULT_BLOWUP, CATAPULT_GRID,
  type CatapultOutcome, type CatapultProblem, type CatapultRunOptions, type CatapultRunResult, type CatapultClassification, type CatapultOptions,
  type CatapultRow, type CatapultEdge, type CatapultResult,
} from "./experiments/catapult.js";
// Progressive sharpening and the edge of stability (Cohen et al. 2021) on the networks on data (docs/sharpening.md).
export {
  sharpeningData, sharpeningInit, sharpeningExperiment, sharpeningFigureSvg, SHARPENING_SAMPLES, SHARPENING_REACH, SHARPENING_UP_TOL,
  type SharpeningOptions, type SharpeningRun, type SharpeningResult,
} from "./experiments/sharpening.js";
// Types that exported signatures mention, exported so the API reference (npm run docs) can link them.
export type { Arena } from "./wasm/arena.js";
export type { Backend, GrowableMemory } from "./wasm/exports.js";
export type { CsvOptions } from "./dataset/parse-csv.js";
export type { DiagonalCertificate } from "./data/diagonal-certificate.js";
export type { RateQuantity } from "./observe/observe-run.js";
export type { OrbitMethod } from "./theory/period-two-orbit.js";
export type { PaperFigureSpec, PaperRegime, PaperOptions } from "./experiments/paper.js";
