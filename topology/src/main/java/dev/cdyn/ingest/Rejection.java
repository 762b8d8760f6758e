package dev.cdyn.ingest;

/** Why a record was turned away: the reason's code for machines, and a sentence for the operator reading it. */
public record Rejection(RejectReason reason, String detail) {
}
