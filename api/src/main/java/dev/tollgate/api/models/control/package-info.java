/**
 * The public model catalog as the API and the portal publish it: which models are offered, each at its cheapest
 * endpoint's list price, and each endpoint's list price with this replica's health. Read from the routing snapshot.
 */
package dev.tollgate.api.models.control;
