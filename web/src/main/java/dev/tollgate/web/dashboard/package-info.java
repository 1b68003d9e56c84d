/** The signed-in member's home: their organisation's balance, spend, usage charts and latest generations. */
package dev.tollgate.web.dashboard;
