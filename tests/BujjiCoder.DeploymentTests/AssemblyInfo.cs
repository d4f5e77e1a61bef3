// The container tests share one Docker engine, one set of images and one compose stack per run (collection fixtures);
// the Bicep and workflow checks are quick and independent.
[assembly: CaptureConsole]
