export * from './metrics/index.js';
export { dashboardRoute, DEFAULT_DASHBOARD_DIR, type DashboardRouteOptions } from './dashboard/dashboard-route.js';
