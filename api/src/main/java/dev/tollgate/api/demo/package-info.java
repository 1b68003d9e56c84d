/** The demo installation's traffic: real calls from a few made-up apps, so a new portal has something to show. */
package dev.tollgate.api.demo;
