/** An organisation's credits as the API reports them. */
package dev.tollgate.api.credits;
