// VoipCenter's kinds, for the registry and the session alike: the catalogs (read-only
// listings that YAML names refer to) and the editable kinds with their menus, `p` letters
// and wire id fields (assumptions, as in mapping.ts: no response body is documented).

/** read-only listings that names in the YAML refer to */
export const CATALOGS = {
  holiday_sets: { menu: 'feestdagen', noun: 'holiday set', title: 'holiday sets (feestdagen)' },
  vacations: { menu: 'vakanties', noun: 'vacation period', title: 'vacation periods (vakanties)' },
  office_hours: { menu: 'kantooruren', noun: 'office hours', title: 'office hours (kantooruren)' },
  routes: { menu: 'routes', noun: 'route', title: 'routes' },
  backup_routes: { menu: 'backuproutes', noun: 'backup route', title: 'backup routes' },
  sip_accounts: { menu: 'sipacc', noun: 'SIP account', title: 'SIP accounts (username)' },
  hot_desk_templates: { menu: 'hdtemplate', noun: 'hot desk template', title: 'hot desk templates' },
} as const;
export type Catalog = keyof typeof CATALOGS;

/** a model field that names a catalog item: its `p` letter and the wire field holding the id */
export interface NameField {
  field: string;
  letter: string;
  wire: string;
  catalog: Catalog;
}

export interface Editable {
  menu: string;
  /** model key field (mapping.ts keyOf reads it from a wire row) */
  key: string;
  nameFields: NameField[];
}

export const EDITABLE = {
  did_routes: {
    menu: 'did',
    key: 'number',
    nameFields: [
      { field: 'holidays', letter: 'f', wire: 'holiday_id', catalog: 'holiday_sets' },
      { field: 'vacations', letter: 'v', wire: 'vacation_id', catalog: 'vacations' },
      { field: 'office_hours', letter: 'k', wire: 'office_hours_id', catalog: 'office_hours' },
      { field: 'route', letter: 'r', wire: 'route_id', catalog: 'routes' },
      { field: 'backup_route', letter: 'b', wire: 'backup_route_id', catalog: 'backup_routes' },
    ],
  },
  indicators: { menu: 'indicator', key: 'name', nameFields: [] },
  hot_desks: {
    menu: 'hddesk',
    key: 'name',
    nameFields: [
      { field: 'sip_account', letter: 's', wire: 'sipacc_id', catalog: 'sip_accounts' },
      { field: 'template', letter: 't', wire: 'template_id', catalog: 'hot_desk_templates' },
    ],
  },
} satisfies Record<string, Editable>;
export type EditableKind = keyof typeof EDITABLE;
