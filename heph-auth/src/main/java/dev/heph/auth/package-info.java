/**
 * Who is asking the hub: accounts, device tokens and identity-provider tokens. The hub's HTTP
 * layer asks this module for a user and then opens only that user's data.
 */
package dev.heph.auth;
