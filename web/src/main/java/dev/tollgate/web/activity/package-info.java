/**
 * The Activity page: the organisation's generations, filtered and paged on the server from the last row shown, each
 * one's detail, and the CSV export of what the filters select.
 */
package dev.tollgate.web.activity;
