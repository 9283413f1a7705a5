// The VoipCenter PBX configuration the emulator serves. Ids are numeric and unique per
// menu; a reference of 0 means "none". Field names are the emulator's wire names.

export interface SipAccount {
  id: number;
  name: string;
  /** the SIP username, which call.php takes as `sipacc` */
  username: string;
  extension: string;
  callerid: string;
}

export interface Did {
  id: number;
  number: string; // E.164
  name: string;
  holiday_id: number; // feestdagen
  vacation_id: number; // vakanties
  office_hours_id: number; // kantooruren
  route_id: number;
  backup_route_id: number;
}

export interface HolidaySet {
  id: number;
  name: string;
  days: { date: string; name: string }[];
}

export interface Vacation {
  id: number;
  name: string;
  start: string; // YYYY-MM-DD, inclusive
  end: string;
}

export interface OfficeHours {
  id: number;
  name: string;
  hours: { day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; open: string; close: string }[];
}

export interface Route {
  id: number;
  name: string;
  description: string;
}

export interface BackupRoute {
  id: number;
  name: string;
  destination: string;
}

export interface Indicator {
  id: number;
  name: string;
  active: 0 | 1;
}

export interface HotDesk {
  id: number;
  name: string;
  sipacc_id: number;
  template_id: number;
}

export interface HotDeskTemplate {
  id: number;
  name: string;
  description: string;
}

export interface Call {
  id: number;
  date: string; // YYYY-MM-DD HH:MM:SS, Belgian local time
  direction: 'in' | 'out';
  from: string;
  to: string;
  did_id: number;
  sipacc_id: number;
  duration: number; // seconds
  status: 'ANSWERED' | 'NO ANSWER' | 'BUSY';
}

export interface VoipcenterState {
  sipAccounts: SipAccount[];
  dids: Did[];
  holidays: HolidaySet[];
  vacations: Vacation[];
  officeHours: OfficeHours[];
  routes: Route[];
  backupRoutes: BackupRoute[];
  indicators: Indicator[];
  desks: HotDesk[];
  templates: HotDeskTemplate[];
  calls: Call[];
}

export const emptyState = (): VoipcenterState => ({
  sipAccounts: [],
  dids: [],
  holidays: [],
  vacations: [],
  officeHours: [],
  routes: [],
  backupRoutes: [],
  indicators: [],
  desks: [],
  templates: [],
  calls: [],
});
