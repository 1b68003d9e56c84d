/** The rankings' queries over every organisation's generations, read in the platform's scope, briefly cached. */
package dev.tollgate.api.ranking.control;
