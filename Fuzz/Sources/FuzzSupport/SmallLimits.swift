import MasteryData

/// Limits far below the defaults, so inputs of a few kilobytes reach the "row too long" and
/// "too many columns" paths that the real limits guard at megabytes.
public let smallLimits = CSVReader.Limits(maxRecordBytes: 512, maxFields: 24)
