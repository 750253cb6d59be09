package dev.heph.sync.hub;

/** What the hub answers: an HTTP status and a JSON body. */
public record HubResponse(int status, String json) {}
